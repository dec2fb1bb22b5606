package com.example.http;

import java.io.IOException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.DefaultHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.util.EntityUtils;

public class InventoryGateway {

    // ruleid: apache-http-client-no-timeout
    private final CloseableHttpClient http = HttpClients.createDefault();

    // ok: apache-http-client-no-timeout
    private final CloseableHttpClient configured = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setConnectTimeout(5_000)
                    .setSocketTimeout(15_000)
                    .build())
            .build();

    public String get(String url) throws IOException {
        // ruleid: apache-http-client-no-timeout
        try (CloseableHttpClient client = HttpClients.custom().setUserAgent("inventory/2.1").build();
             CloseableHttpResponse resp = client.execute(new HttpGet(url))) {
            return EntityUtils.toString(resp.getEntity());
        }
    }

    public CloseableHttpClient system() {
        // ruleid: apache-http-client-no-timeout
        return HttpClients.createSystem();
    }

    public CloseableHttpClient builder() {
        // ruleid: apache-http-client-no-timeout
        return HttpClientBuilder.create().disableCookieManagement().build();
    }

    @SuppressWarnings("deprecation")
    public Object legacy() {
        // ruleid: apache-http-client-no-timeout
        return new DefaultHttpClient();
    }

    public CloseableHttpClient pooled() {
        PoolingHttpClientConnectionManager cm = new PoolingHttpClientConnectionManager();
        cm.setMaxTotal(50);
        RequestConfig rc = RequestConfig.custom().setConnectTimeout(2_000).setSocketTimeout(5_000).build();
        // ok: apache-http-client-no-timeout
        return HttpClients.custom().setConnectionManager(cm).setDefaultRequestConfig(rc).build();
    }

    public CloseableHttpClient fromVariable() {
        // ok: apache-http-client-no-timeout
        HttpClientBuilder b = HttpClientBuilder.create();
        b.setDefaultRequestConfig(RequestConfig.custom().setSocketTimeout(5_000).build());
        return b.build();
    }

    public CloseableHttpClient viaFactory(ClientFactory factory) {
        // todoruleid: apache-http-client-no-timeout
        return factory.newClient();
    }

    interface ClientFactory {
        CloseableHttpClient newClient();
    }
}
