package com.example.index;

import java.util.List;

public class Indexer {

    private Thread background;
    private final Runnable refresher;

    public Indexer(Runnable refresher) {
        this.refresher = refresher;
    }

    public void rebuild(List<String> docs) {
        // ruleid: java-thread-run-called-directly
        new Thread(() -> docs.forEach(this::index)).run();
    }

    public void rebuildNamed(Runnable task) {
        Thread worker = new Thread(task, "indexer");
        worker.setDaemon(true);
        // ruleid: java-thread-run-called-directly
        worker.run();
    }

    public void startBackground() {
        background = new Thread(refresher);
        // ruleid: java-thread-run-called-directly
        this.background.run();
    }

    public void resume(Thread t) {
        // ruleid: java-thread-run-called-directly
        t.run();
    }

    public void rebuildInferred(Runnable task) {
        var w = new Thread(task);
        // ruleid: java-thread-run-called-directly
        w.run();
    }

    public void rebuildStarted(Runnable task) {
        Thread worker = new Thread(task, "indexer");
        // ok: java-thread-run-called-directly
        worker.start();
    }

    public void refreshNow() {
        // ok: java-thread-run-called-directly
        refresher.run();
    }

    public void shadowed(Runnable background) {
        // ok: java-thread-run-called-directly
        background.run();
    }

    public void runTask(Runnable task) {
        // ok: java-thread-run-called-directly
        task.run();
    }

    public void custom() {
        IndexThread it = new IndexThread();
        // todoruleid: java-thread-run-called-directly
        it.run();
    }

    private void index(String doc) {
    }

    static class IndexThread extends Thread {
        @Override
        public void run() {
            // ok: java-thread-run-called-directly
            super.run();
        }
    }
}
