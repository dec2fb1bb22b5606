package com.example.util;

import java.security.SecureRandom;
import java.util.Random;

public class Ids {
    // ruleid: java-util-random-instance
    private static final Random RANDOM = new Random();
    // ok: java-util-random-instance
    private static final SecureRandom SECURE = new SecureRandom();

    public String requestId() {
        // ruleid: java-util-random-instance
        Random r = new java.util.Random(System.nanoTime());
        return Long.toHexString(r.nextLong());
    }

    public int roll() {
        // ruleid: java-util-random-instance
        return new Random().nextInt(6) + 1;
    }

    public String nonce() {
        // ruleid: java-util-random-instance
        return Double.toString(Math.random()).substring(2);
    }

    public long sample() {
        // ruleid: java-util-random-instance
        return (long) (java.lang.Math.random() * 100);
    }

    public byte[] safe() {
        byte[] b = new byte[16];
        // ok: java-util-random-instance
        new SecureRandom().nextBytes(b);
        // ok: java-util-random-instance
        Random wrapped = SECURE;
        // ok: java-util-random-instance
        double r = Math.floor(2.5);
        return b;
    }

    static class RandomPicker {
    }

    public Object other() {
        // ok: java-util-random-instance
        return new RandomPicker();
    }
}
