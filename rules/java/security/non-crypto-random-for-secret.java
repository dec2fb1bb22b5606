package com.example.auth;

import java.security.SecureRandom;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.lang3.RandomStringUtils;

public class TokenService {
    private static final Random RANDOM = new Random();
    private static final SecureRandom SECURE = new SecureRandom();
    private final Random jitter = new Random();

    public String generateToken() {
        // ruleid: non-crypto-random-for-secret
        return Long.toHexString(RANDOM.nextLong());
    }

    public String createResetCode(User user) {
        // ruleid: non-crypto-random-for-secret
        String code = String.valueOf(100000 + RANDOM.nextInt(900000));
        user.setResetCode(code);
        return code;
    }

    public void register(User user) {
        // ruleid: non-crypto-random-for-secret
        String password = RandomStringUtils.randomAlphanumeric(12);
        user.setPassword(password);
        // ruleid: non-crypto-random-for-secret
        user.setApiKey(RandomStringUtils.random(32, true, true));
    }

    public byte[] newSalt() {
        byte[] salt = new byte[16];
        Random r = new Random();
        // ruleid: non-crypto-random-for-secret
        r.nextBytes(salt);
        return salt;
    }

    public int otp() {
        // ruleid: non-crypto-random-for-secret
        return (int) (Math.random() * 1_000_000);
    }

    public void session(Session s) {
        // ruleid: non-crypto-random-for-secret
        s.sessionId = Integer.toString(ThreadLocalRandom.current().nextInt());
    }

    public String csrfNonce() {
        // ruleid: non-crypto-random-for-secret
        return Integer.toHexString(new Random().nextInt());
    }

    public String safeToken() {
        byte[] buf = new byte[32];
        // ok: non-crypto-random-for-secret
        SECURE.nextBytes(buf);
        return java.util.Base64.getUrlEncoder().encodeToString(buf);
    }

    public long backoffMillis(int attempt) {
        // ok: non-crypto-random-for-secret
        return (1L << attempt) * 100 + jitter.nextInt(100);
    }

    public String shuffleTokenList(java.util.List<String> tokens) {
        SecureRandom rng = new SecureRandom();
        // ok: non-crypto-random-for-secret
        int i = rng.nextInt(tokens.size());
        return tokens.get(i);
    }

    public String pickColor() {
        // ok: non-crypto-random-for-secret
        int idx = ThreadLocalRandom.current().nextInt(3);
        return new String[] {"red", "green", "blue"}[idx];
    }

    public String makeToken() {
        // ruleid: non-crypto-random-for-secret
        return new java.math.BigInteger(130, RANDOM).toString(32);
    }

    static class Session {
        String sessionId;
    }

    interface User {
        void setResetCode(String code);
        void setPassword(String password);
        void setApiKey(String key);
    }
}
