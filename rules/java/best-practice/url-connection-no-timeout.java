package com.example.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;

public class WebhookClient {

    private final URL endpoint;

    public WebhookClient(URL endpoint) {
        this.endpoint = endpoint;
    }

    public int post(byte[] body) throws IOException {
        // ruleid: url-connection-no-timeout
        HttpURLConnection conn = (HttpURLConnection) endpoint.openConnection();
        conn.setRequestMethod("POST");
        conn.setDoOutput(true);
        conn.getOutputStream().write(body);
        return conn.getResponseCode();
    }

    public String fetch(String address) throws IOException {
        // ruleid: url-connection-no-timeout
        URLConnection c = new URL(address).openConnection();
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public String fetchStream(String address) throws IOException {
        // ruleid: url-connection-no-timeout
        try (InputStream in = new URL(address).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public byte[] fetchUri(URI uri) throws IOException {
        // ruleid: url-connection-no-timeout
        try (InputStream in = uri.toURL().openStream()) {
            return in.readAllBytes();
        }
    }

    public int legacy() throws IOException {
        HttpURLConnection conn = null;
        try {
            // ruleid: url-connection-no-timeout
            conn = (HttpURLConnection) endpoint.openConnection();
            return conn.getResponseCode();
        } finally {
            if (conn != null) {
                conn.disconnect();
            }
        }
    }

    public int postSafe(byte[] body) throws IOException {
        // ok: url-connection-no-timeout
        HttpURLConnection conn = (HttpURLConnection) endpoint.openConnection();
        conn.setConnectTimeout(5_000);
        conn.setReadTimeout(10_000);
        conn.setRequestMethod("POST");
        conn.setDoOutput(true);
        conn.getOutputStream().write(body);
        return conn.getResponseCode();
    }

    protected HttpURLConnection open(URL url) throws IOException {
        // ok: url-connection-no-timeout
        HttpURLConnection conn = (HttpURLConnection) url.openConnection();
        conn.setInstanceFollowRedirects(false);
        return conn;
    }

    public InputStream classpathResource() throws IOException {
        // ok: url-connection-no-timeout
        return getClass().getResource("/defaults.properties").openStream();
    }

    public int configuredElsewhere() throws IOException {
        // ok: url-connection-no-timeout
        HttpURLConnection conn = (HttpURLConnection) endpoint.openConnection();
        applyTimeouts(conn);
        return conn.getResponseCode();
    }

    public int decorated() throws IOException {
        // todook: url-connection-no-timeout
        HttpURLConnection conn = (HttpURLConnection) endpoint.openConnection();
        decorate(conn);
        return conn.getResponseCode();
    }

    private static void decorate(URLConnection conn) {
        applyTimeouts(conn);
        conn.setRequestProperty("User-Agent", "webhook/1.0");
    }

    private static void applyTimeouts(URLConnection conn) {
        conn.setConnectTimeout(5_000);
        conn.setReadTimeout(10_000);
    }
}
