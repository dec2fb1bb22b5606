package com.example.util;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

public class Quietly {

    private static final Logger LOG = Logger.getLogger(Quietly.class.getName());

    public static int parsePort(String value) {
        int port = 8080;
        try {
            port = Integer.parseInt(value);
        // ruleid: empty-catch-block
        } catch (NumberFormatException e) {
        }
        return port;
    }

    public static void close(Closeable c) {
        try {
            c.close();
        // ruleid: empty-catch-block
        } catch (IOException e) {
            // nothing we can do
        }
    }

    public static <T> T take(BlockingQueue<T> queue) {
        try {
            return queue.take();
        // ruleid: empty-catch-block
        } catch (InterruptedException ex) { /* shutting down */ }
        return null;
    }

    public static void multi(Runnable r) {
        try {
            r.run();
        // ruleid: empty-catch-block
        } catch (IllegalStateException | UnsupportedOperationException e) {
        } finally {
            LOG.fine("done");
        }
    }

    public static void withResource(Closeable c) {
        try (c) {
            LOG.fine("using");
        // ruleid: empty-catch-block
        } catch (IOException e) {}
    }

    public static int parsePortLogged(String value) {
        try {
            return Integer.parseInt(value);
        // ok: empty-catch-block
        } catch (NumberFormatException e) {
            LOG.log(Level.WARNING, "bad port " + value, e);
            return 8080;
        }
    }

    public static void closeIgnoring(Closeable c) {
        try {
            c.close();
        // ok: empty-catch-block
        } catch (IOException ignored) {
        }
    }

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        // ok: empty-catch-block
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void rethrow(Closeable c) {
        try {
            c.close();
        // ok: empty-catch-block
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void expectFailure(String value) {
        try {
            Integer.parseInt(value);
            org.junit.Assert.fail("should not parse " + value);
        // ok: empty-catch-block
        } catch (NumberFormatException e) {
            // expected
        }
    }

    public static boolean exists(String cls) {
        try {
            Class.forName(cls);
        // ok: empty-catch-block
        } catch (ClassNotFoundException e) {
            return false;
        }
        return true;
    }
}
