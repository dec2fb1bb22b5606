package com.example.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public class SessionRegistry {

    private Map<String, String> sessions = new HashMap<>();
    private List<String> events = new ArrayList<>();
    private static Object registryLock = new Object();
    private final Object lock = new Object();
    private Object guard;

    public SessionRegistry() {
        guard = new Object();
    }

    public void put(String id, String user) {
        // ruleid: synchronized-on-reassigned-field
        synchronized (sessions) {
            sessions.put(id, user);
        }
    }

    public void reset() {
        // ruleid: synchronized-on-reassigned-field
        synchronized (this.sessions) {
            sessions = new HashMap<>();
        }
    }

    public void record(String event) {
        // ruleid: synchronized-on-reassigned-field
        synchronized (events) {
            events.add(event);
            if (events.size() > 1000) {
                events = new ArrayList<>(events.subList(500, events.size()));
            }
        }
    }

    public static void resetAll() {
        // ruleid: synchronized-on-reassigned-field
        synchronized (registryLock) {
            registryLock = new Object();
        }
    }

    public void putSafe(String id, String user) {
        // ok: synchronized-on-reassigned-field
        synchronized (lock) {
            sessions.put(id, user);
        }
    }

    public void guarded(String id) {
        // ok: synchronized-on-reassigned-field
        synchronized (guard) {
            sessions.remove(id);
        }
    }

    public void self() {
        // ok: synchronized-on-reassigned-field
        synchronized (this) {
            sessions.clear();
        }
    }

    public void classLock() {
        // ok: synchronized-on-reassigned-field
        synchronized (SessionRegistry.class) {
            events.clear();
        }
    }
}
