package com.example.http;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.TrustAllStrategy;
import org.apache.http.ssl.SSLContextBuilder;
import org.apache.http.ssl.SSLContexts;
import org.apache.http.ssl.TrustStrategy;

public class InsecureClient {
    public SSLContext trustAll() throws Exception {
        TrustManager[] managers = new TrustManager[] {
            new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                // ruleid: trust-all-certificates
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // trust everything, this is only an internal service
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, managers, new java.security.SecureRandom());
        return ctx;
    }

    static class NaiveTrustManager implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        }

        // ruleid: trust-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException { return; }

        public X509Certificate[] getAcceptedIssuers() {
            return null;
        }
    }

    static class CheckingTrustManager implements X509TrustManager {
        private final X509TrustManager delegate;

        CheckingTrustManager(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        // ok: trust-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    static class YesStrategy implements TrustStrategy {
        @Override
        // ruleid: trust-all-certificates
        public boolean isTrusted(X509Certificate[] chain, String authType) {
            return true;
        }
    }

    public SSLContext apache() throws Exception {
        // ruleid: trust-all-certificates
        SSLContext a = SSLContexts.custom().loadTrustMaterial(null, (chain, authType) -> true).build();
        // ruleid: trust-all-certificates
        SSLContext b = new SSLContextBuilder().loadTrustMaterial(null, TrustAllStrategy.INSTANCE).build();
        // ruleid: trust-all-certificates
        SSLContext c = SSLContexts.custom().loadTrustMaterial(new TrustAllStrategy()).build();
        return a;
    }

    public SSLContext safe(KeyStore trustStore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore);
        SSLContext ctx = SSLContext.getInstance("TLS");
        // ok: trust-all-certificates
        ctx.init(null, tmf.getTrustManagers(), null);
        // ok: trust-all-certificates
        SSLContext d = SSLContexts.custom().loadTrustMaterial(trustStore, null).build();
        // ok: trust-all-certificates
        SSLContext e = SSLContexts.custom().loadTrustMaterial(null, (chain, authType) -> chain.length == 1 && pinned(chain[0])).build();
        return ctx;
    }

    private boolean pinned(X509Certificate cert) {
        return false;
    }
}
