package com.example.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

public class Hashes {
    private static final String LEGACY_ALGORITHM = "SHA1";
    private static final String ALGORITHM = "SHA-256";

    public byte[] md5(String s) throws NoSuchAlgorithmException {
        // ruleid: message-digest-weak-hash
        MessageDigest md = MessageDigest.getInstance("MD5");
        return md.digest(s.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] sha1(byte[] data) throws Exception {
        // ruleid: message-digest-weak-hash
        return MessageDigest.getInstance("SHA-1").digest(data);
    }

    public byte[] sha(byte[] data) throws Exception {
        // ruleid: message-digest-weak-hash
        return java.security.MessageDigest.getInstance("SHA", "SUN").digest(data);
    }

    public byte[] md2(byte[] data) throws Exception {
        // ruleid: message-digest-weak-hash
        return MessageDigest.getInstance("md2").digest(data);
    }

    public byte[] viaConstant(byte[] data) throws Exception {
        // ruleid: message-digest-weak-hash
        return MessageDigest.getInstance(LEGACY_ALGORITHM).digest(data);
    }

    public byte[] viaCodecConstant(byte[] data) throws Exception {
        // ruleid: message-digest-weak-hash
        return MessageDigest.getInstance(MessageDigestAlgorithms.MD5).digest(data);
    }

    public byte[] safe(byte[] data) throws Exception {
        // ok: message-digest-weak-hash
        MessageDigest a = MessageDigest.getInstance("SHA-256");
        // ok: message-digest-weak-hash
        MessageDigest b = MessageDigest.getInstance(ALGORITHM);
        // ok: message-digest-weak-hash
        MessageDigest c = MessageDigest.getInstance(MessageDigestAlgorithms.SHA3_256);
        // ok: message-digest-weak-hash
        MessageDigest d = MessageDigest.getInstance("SHA-512/256");
        return a.digest(data);
    }
}
