package com.example.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

public class CatalogClient {

    // ruleid: java-http-client-no-timeout
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    // ruleid: java-http-client-no-timeout
    private final HttpClient pooled = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    // ok: java-http-client-no-timeout
    private final HttpClient safe = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    public String get(URI uri) throws IOException, InterruptedException {
        // ruleid: java-http-client-no-timeout
        HttpClient client = java.net.http.HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    public String once(URI uri) throws IOException, InterruptedException {
        // ruleid: java-http-client-no-timeout
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    public HttpClient configured(boolean http2) {
        // ok: java-http-client-no-timeout
        HttpClient.Builder builder = HttpClient.newBuilder();
        builder.connectTimeout(Duration.ofSeconds(3));
        if (http2) {
            builder.version(HttpClient.Version.HTTP_2);
        }
        return builder.build();
    }

    public HttpRequest request(URI uri) {
        // ok: java-http-client-no-timeout
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    }

    public HttpClient withDefaults(ClientDefaults defaults) {
        // todook: java-http-client-no-timeout
        return defaults.apply(HttpClient.newBuilder()).build();
    }

    interface ClientDefaults {
        HttpClient.Builder apply(HttpClient.Builder b);
    }
}
