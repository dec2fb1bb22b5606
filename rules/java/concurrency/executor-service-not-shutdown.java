package com.example.batch;

import com.google.common.util.concurrent.MoreExecutors;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

public class ReportJob {

    private ExecutorService shared;
    // ok: executor-service-not-shutdown
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    public List<Future<String>> runAll(List<Callable<String>> tasks) throws InterruptedException {
        // ruleid: executor-service-not-shutdown
        ExecutorService pool = Executors.newFixedThreadPool(8);
        return pool.invokeAll(tasks);
    }

    public void fireAndForget(Runnable task) {
        // ruleid: executor-service-not-shutdown
        Executors.newSingleThreadExecutor().submit(task);
    }

    public void schedule(Runnable task) {
        // ruleid: executor-service-not-shutdown
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
        timer.scheduleAtFixedRate(task, 0, 1, TimeUnit.MINUTES);
    }

    public CompletableFuture<String> async(String input) {
        // ruleid: executor-service-not-shutdown
        ExecutorService io = Executors.newCachedThreadPool();
        return CompletableFuture.supplyAsync(() -> input.trim(), io);
    }

    public void custom(Runnable task) {
        // ruleid: executor-service-not-shutdown
        ThreadPoolExecutor tpe = new ThreadPoolExecutor(2, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        tpe.execute(task);
    }

    public List<Future<String>> runAllSafe(List<Callable<String>> tasks) throws InterruptedException {
        // ok: executor-service-not-shutdown
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            return pool.invokeAll(tasks);
        } finally {
            pool.shutdown();
        }
    }

    public void virtualThreads(List<Runnable> tasks) {
        // ok: executor-service-not-shutdown
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            tasks.forEach(exec::submit);
        }
    }

    public void guava(Runnable task) {
        // ok: executor-service-not-shutdown
        ExecutorService pool = Executors.newWorkStealingPool();
        pool.execute(task);
        MoreExecutors.shutdownAndAwaitTermination(pool, 10, TimeUnit.SECONDS);
    }

    public ExecutorService create() {
        // ok: executor-service-not-shutdown
        ExecutorService pool = Executors.newFixedThreadPool(4);
        return pool;
    }

    public void start() {
        // ok: executor-service-not-shutdown
        shared = Executors.newFixedThreadPool(4);
    }

    public void stopLater(Runnable task) {
        // ok: executor-service-not-shutdown
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pool.submit(task);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> pool.shutdownNow()));
    }

    public void quit() {
        // ok: executor-service-not-shutdown
        Executors.newSingleThreadExecutor().shutdown();
    }

    public void owned(Runnable task) {
        // todook: executor-service-not-shutdown
        ExecutorService pool = Executors.newFixedThreadPool(2);
        register(pool);
        pool.submit(task);
    }

    private void register(ExecutorService pool) {
        this.shared = pool;
    }
}
