package com.example.bank;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

public class Account {

    private final Lock lock = new ReentrantLock();
    private final ReadWriteLock rw = new ReentrantReadWriteLock();
    private long balance;

    public void deposit(long amount) {
        // ruleid: lock-without-finally-unlock
        lock.lock();
        validate(amount);
        balance += amount;
        lock.unlock();
    }

    public long read() {
        // ruleid: lock-without-finally-unlock
        rw.readLock().lock();
        return balance;
    }

    public void withdraw(long amount) throws InterruptedException {
        // ruleid: lock-without-finally-unlock
        this.lock.lockInterruptibly();
        try {
            balance -= amount;
        } catch (IllegalStateException e) {
            lock.unlock();
            throw e;
        }
        lock.unlock();
    }

    public void depositSafe(long amount) {
        // ok: lock-without-finally-unlock
        lock.lock();
        try {
            validate(amount);
            balance += amount;
        } finally {
            lock.unlock();
        }
    }

    public long readSafe() {
        // ok: lock-without-finally-unlock
        rw.readLock().lock();
        try {
            return balance;
        } finally {
            rw.readLock().unlock();
        }
    }

    public void depositThis(long amount) {
        // ok: lock-without-finally-unlock
        this.lock.lock();
        try {
            balance += amount;
        } finally {
            lock.unlock();
        }
    }

    public boolean tryDeposit(long amount) {
        // ok: lock-without-finally-unlock
        if (lock.tryLock()) {
            try {
                balance += amount;
                return true;
            } finally {
                lock.unlock();
            }
        }
        return false;
    }

    public void suspend(User user) {
        // ok: lock-without-finally-unlock
        user.lock();
    }

    interface User {
        void lock();
    }

    public void acquire() {
        // todook: lock-without-finally-unlock
        lock.lock();
    }

    public void release() {
        lock.unlock();
    }

    private void validate(long amount) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount");
        }
    }
}
