package com.example.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class ImageCache {

    private final Map<String, byte[]> images = new ConcurrentHashMap<>();

    public void clear() {
        images.clear();
        // ruleid: system-gc-call
        System.gc();
    }

    public void trim() {
        Runtime rt = Runtime.getRuntime();
        if (rt.freeMemory() < rt.totalMemory() / 10) {
            // ruleid: system-gc-call
            Runtime.getRuntime().gc();
            // ruleid: system-gc-call
            System.runFinalization();
        }
    }

    public long used() {
        Runtime rt = Runtime.getRuntime();
        // ok: system-gc-call
        return rt.totalMemory() - rt.freeMemory();
    }

    public void evict(String key) {
        // ok: system-gc-call
        images.remove(key);
    }
}
