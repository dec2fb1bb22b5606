package com.example.net;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import okhttp3.ConnectionSpec;
import okhttp3.TlsVersion;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.ssl.SSLContexts;

public class TlsSetup {
    public SSLContext legacy() throws Exception {
        // ruleid: jsse-weak-tls-protocol
        return SSLContext.getInstance("TLSv1");
    }

    public SSLContext ssl() throws Exception {
        // ruleid: jsse-weak-tls-protocol
        SSLContext ctx = SSLContext.getInstance("SSL");
        ctx.init(null, null, null);
        return ctx;
    }

    public SSLContext sslv3() throws Exception {
        // ruleid: jsse-weak-tls-protocol
        return javax.net.ssl.SSLContext.getInstance("SSLv3", "SunJSSE");
    }

    public void socket(SSLSocket socket) {
        // ruleid: jsse-weak-tls-protocol
        socket.setEnabledProtocols(new String[] {"TLSv1", "TLSv1.1", "TLSv1.2"});
    }

    public SSLConnectionSocketFactory apache(SSLContext ctx) throws Exception {
        // ruleid: jsse-weak-tls-protocol
        SSLContext built = SSLContexts.custom().setProtocol("TLSv1.1").build();
        // ruleid: jsse-weak-tls-protocol
        return new SSLConnectionSocketFactory(ctx, new String[] {"TLSv1"}, null, SSLConnectionSocketFactory.getDefaultHostnameVerifier());
    }

    public void jvmWide() {
        // ruleid: jsse-weak-tls-protocol
        System.setProperty("https.protocols", "TLSv1,TLSv1.1,TLSv1.2");
    }

    public ConnectionSpec okhttp() {
        return new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
            // ruleid: jsse-weak-tls-protocol
            .tlsVersions(TlsVersion.TLS_1_2, TlsVersion.TLS_1_0)
            .build();
    }

    public SSLContext safe(SSLSocket socket) throws Exception {
        // ok: jsse-weak-tls-protocol
        SSLContext a = SSLContext.getInstance("TLS");
        // ok: jsse-weak-tls-protocol
        SSLContext b = SSLContext.getInstance("TLSv1.2");
        // ok: jsse-weak-tls-protocol
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        // ok: jsse-weak-tls-protocol
        socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        // ok: jsse-weak-tls-protocol
        System.setProperty("https.protocols", "TLSv1.2,TLSv1.3");
        // ok: jsse-weak-tls-protocol
        ConnectionSpec spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS).tlsVersions(TlsVersion.TLS_1_3).build();
        return a;
    }
}
