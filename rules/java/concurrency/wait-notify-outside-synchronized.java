package com.example.sync;

public class Mailbox {

    private final Object lock = new Object();
    private String message;

    public String take() throws InterruptedException {
        while (message == null) {
            // ruleid: wait-notify-outside-synchronized
            lock.wait();
        }
        String m = message;
        message = null;
        return m;
    }

    public void put(String m) {
        message = m;
        // ruleid: wait-notify-outside-synchronized
        lock.notifyAll();
    }

    public void poke() {
        // ruleid: wait-notify-outside-synchronized
        notify();
    }

    public String takeWithTimeout(long ms) throws InterruptedException {
        if (message == null) {
            // ruleid: wait-notify-outside-synchronized
            this.wait(ms);
        }
        return message;
    }

    public String takeSafe() throws InterruptedException {
        synchronized (lock) {
            while (message == null) {
                // ok: wait-notify-outside-synchronized
                lock.wait();
            }
            String m = message;
            message = null;
            return m;
        }
    }

    public synchronized void putSafe(String m) {
        message = m;
        // ok: wait-notify-outside-synchronized
        notifyAll();
    }

    public void announce(Listener listener) {
        // ok: wait-notify-outside-synchronized
        listener.notify("new message");
    }

    public void awaitLatch(java.util.concurrent.CountDownLatch latch) throws InterruptedException {
        // ok: wait-notify-outside-synchronized
        latch.await();
    }

    private void signalLocked() {
        // todook: wait-notify-outside-synchronized
        lock.notifyAll();
    }

    public void putViaHelper(String m) {
        synchronized (lock) {
            message = m;
            signalLocked();
        }
    }

    interface Listener {
        void notify(String event);
    }
}
