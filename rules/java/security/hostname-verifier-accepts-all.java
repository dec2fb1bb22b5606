package com.example.http;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClients;

public class Connections {
    static class AcceptAll implements HostnameVerifier {
        @Override
        // ruleid: hostname-verifier-accepts-all
        public boolean verify(String hostname, SSLSession session) {
            return true;
        }
    }

    static class Strict implements HostnameVerifier {
        private final HostnameVerifier delegate = HttpsURLConnection.getDefaultHostnameVerifier();

        @Override
        // ok: hostname-verifier-accepts-all
        public boolean verify(String hostname, SSLSession session) {
            return hostname.endsWith(".example.com") && delegate.verify(hostname, session);
        }
    }

    public void configure(HttpsURLConnection conn, okhttp3.OkHttpClient.Builder builder, javax.net.ssl.SSLContext ctx) {
        // ruleid: hostname-verifier-accepts-all
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true);
        // ruleid: hostname-verifier-accepts-all
        conn.setHostnameVerifier((h, s) -> {
            return true;
        });
        // ruleid: hostname-verifier-accepts-all
        builder.hostnameVerifier((host, sslSession) -> true);
        // ruleid: hostname-verifier-accepts-all
        HostnameVerifier allowAll = (h, s) -> true;
        conn.setHostnameVerifier(allowAll);
        // ruleid: hostname-verifier-accepts-all
        HttpClients.custom().setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE).build();
        // ruleid: hostname-verifier-accepts-all
        new SSLConnectionSocketFactory(ctx, new NoopHostnameVerifier());
        // ruleid: hostname-verifier-accepts-all
        new SSLConnectionSocketFactory(ctx, SSLConnectionSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER);
    }

    public void safe(HttpsURLConnection conn, okhttp3.OkHttpClient.Builder builder, javax.net.ssl.SSLContext ctx) {
        // ok: hostname-verifier-accepts-all
        conn.setHostnameVerifier(new DefaultHostnameVerifier());
        // ok: hostname-verifier-accepts-all
        builder.hostnameVerifier((host, session) -> host.equals("api.example.com"));
        // ok: hostname-verifier-accepts-all
        new SSLConnectionSocketFactory(ctx, SSLConnectionSocketFactory.getDefaultHostnameVerifier());
    }
}
