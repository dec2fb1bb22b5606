package com.example.jobs;

import java.util.ArrayList;
import java.util.List;

public class JobQueue {

    private static final String QUEUE_LOCK = "QUEUE_LOCK";
    private final Integer counterLock = 0;
    private static final Boolean FLAG_LOCK = Boolean.FALSE;
    private final Object lock = new Object();
    private final String name;
    private final String copied = new String("LOCK");
    private final List<String> jobs = new ArrayList<>();

    public JobQueue(String name) {
        this.name = name;
    }

    public void add(String job) {
        // ruleid: synchronized-on-string-or-boxed-literal
        synchronized (QUEUE_LOCK) {
            jobs.add(job);
        }
    }

    public void addLiteral(String job) {
        // ruleid: synchronized-on-string-or-boxed-literal
        synchronized ("jobs") {
            jobs.add(job);
        }
    }

    public void addPerName(String job) {
        // ruleid: synchronized-on-string-or-boxed-literal
        synchronized (name.intern()) {
            jobs.add(job);
        }
    }

    public void count() {
        // ruleid: synchronized-on-string-or-boxed-literal
        synchronized (this.counterLock) {
            jobs.size();
        }
    }

    public void flag() {
        // ruleid: synchronized-on-string-or-boxed-literal
        synchronized (FLAG_LOCK) {
            jobs.clear();
        }
    }

    public void boxed() {
        // ruleid: synchronized-on-string-or-boxed-literal
        synchronized (Integer.valueOf(7)) {
            jobs.clear();
        }
    }

    public void addSafe(String job) {
        // ok: synchronized-on-string-or-boxed-literal
        synchronized (lock) {
            jobs.add(job);
        }
    }

    public void byName(String job) {
        // ok: synchronized-on-string-or-boxed-literal
        synchronized (name) {
            jobs.add(job);
        }
    }

    public void copy(String job) {
        // ok: synchronized-on-string-or-boxed-literal
        synchronized (copied) {
            jobs.add(job);
        }
    }

    public void onList(String job) {
        // ok: synchronized-on-string-or-boxed-literal
        synchronized (jobs) {
            jobs.add(job);
        }
    }

    public void onClass() {
        // ok: synchronized-on-string-or-boxed-literal
        synchronized (JobQueue.class) {
            jobs.clear();
        }
    }
}
