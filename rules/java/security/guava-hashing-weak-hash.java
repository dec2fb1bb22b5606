package com.example.cache;

import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

public class Keys {
    public String token(String user) {
        // ruleid: guava-hashing-weak-hash
        return Hashing.md5().hashString(user, StandardCharsets.UTF_8).toString();
    }

    public HashCode sign(byte[] data) {
        // ruleid: guava-hashing-weak-hash
        return com.google.common.hash.Hashing.sha1().hashBytes(data);
    }

    public HashCode safe(byte[] data) {
        // ok: guava-hashing-weak-hash
        HashCode a = Hashing.sha256().hashBytes(data);
        // ok: guava-hashing-weak-hash
        HashCode b = Hashing.murmur3_128().hashBytes(data);
        return a.equals(b) ? a : b;
    }
}
