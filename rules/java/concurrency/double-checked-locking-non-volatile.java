package com.example.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class ServiceRegistry {

    private static ServiceRegistry instance;
    private static volatile ServiceRegistry safeInstance;
    private Map<String, Object> services;
    private boolean initialized;
    private volatile boolean ready;
    private final Object lock = new Object();

    public static ServiceRegistry getInstance() {
        // ruleid: double-checked-locking-non-volatile
        if (instance == null) {
            synchronized (ServiceRegistry.class) {
                if (instance == null) {
                    instance = new ServiceRegistry();
                }
            }
        }
        return instance;
    }

    public Map<String, Object> services() {
        // ruleid: double-checked-locking-non-volatile
        if (null == this.services) {
            synchronized (lock) {
                if (null == this.services) {
                    this.services = new ConcurrentHashMap<>();
                }
            }
        }
        return services;
    }

    public void init() {
        // ruleid: double-checked-locking-non-volatile
        if (!initialized)
            synchronized (this) {
                if (!initialized) {
                    load();
                    initialized = true;
                }
            }
    }

    public static ServiceRegistry getSafe() {
        // ok: double-checked-locking-non-volatile
        if (safeInstance == null) {
            synchronized (ServiceRegistry.class) {
                if (safeInstance == null) {
                    safeInstance = new ServiceRegistry();
                }
            }
        }
        return safeInstance;
    }

    public void start() {
        // ok: double-checked-locking-non-volatile
        if (!ready) {
            synchronized (lock) {
                if (!ready) {
                    load();
                    ready = true;
                }
            }
        }
    }

    public synchronized Map<String, Object> servicesSynchronized() {
        // ok: double-checked-locking-non-volatile
        if (services == null) {
            services = new ConcurrentHashMap<>();
        }
        return services;
    }

    public static ServiceRegistry localCopy() {
        ServiceRegistry result = instance;
        // todoruleid: double-checked-locking-non-volatile
        if (result == null) {
            synchronized (ServiceRegistry.class) {
                result = instance;
                if (result == null) {
                    instance = result = new ServiceRegistry();
                }
            }
        }
        return result;
    }

    private void load() {
    }
}
