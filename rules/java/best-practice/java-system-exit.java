package com.example.config;

import java.util.Properties;

public class ConfigLoader {

    private final Properties props;

    public ConfigLoader(Properties props) {
        this.props = props;
    }

    public String require(String key) {
        String value = props.getProperty(key);
        if (value == null) {
            System.err.println("missing configuration key " + key);
            // ruleid: java-system-exit
            System.exit(1);
        }
        return value;
    }

    public void abort() {
        // ruleid: java-system-exit
        Runtime.getRuntime().halt(2);
    }

    public void shutdownHook(Runnable r) {
        // ok: java-system-exit
        Runtime.getRuntime().addShutdownHook(new Thread(r));
    }

    public String requireSafe(String key) {
        String value = props.getProperty(key);
        if (value == null) {
            // ok: java-system-exit
            throw new IllegalStateException("missing configuration key " + key);
        }
        return value;
    }
}

class LoaderMain {
    public static void main(String[] args) {
        if (args.length == 0) {
            usage();
        }
    }

    private static void usage() {
        System.err.println("usage: loader <file>");
        // ok: java-system-exit
        System.exit(64);
    }
}
