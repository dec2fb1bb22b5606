package com.example.cache;

import java.util.HashMap;
import java.util.Map;

public class LookupCache {

    private static Object cacheLock = new Object();
    private static final Object FINAL_LOCK = new Object();
    private Map<String, String> entries = new HashMap<>();
    private final Map<String, String> stable = new HashMap<>();
    private volatile Object monitor = new Object();
    private Map<String, String> swapped = new HashMap<>();

    public static void warm() {
        // ruleid: synchronized-on-non-final-field
        synchronized (cacheLock) {
            System.out.println("warming");
        }
    }

    public String get(String key) {
        // ruleid: synchronized-on-non-final-field
        synchronized (entries) {
            return entries.get(key);
        }
    }

    public void touch() {
        // ruleid: synchronized-on-non-final-field
        synchronized (this.monitor) {
            stable.clear();
        }
    }

    public static void warmSafe() {
        // ok: synchronized-on-non-final-field
        synchronized (FINAL_LOCK) {
            System.out.println("warming");
        }
    }

    public String getStable(String key) {
        // ok: synchronized-on-non-final-field
        synchronized (stable) {
            return stable.get(key);
        }
    }

    public void swap() {
        // ok: synchronized-on-non-final-field
        synchronized (swapped) {
            swapped = new HashMap<>();
        }
    }

    public void local() {
        Object entries = new Object();
        // ok: synchronized-on-non-final-field
        synchronized (entries) {
            stable.clear();
        }
    }
}
