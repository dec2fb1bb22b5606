package com.example.crypto;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.DESKeySpec;
import javax.crypto.spec.SecretKeySpec;

public class LegacyCrypto {
    private static final String TRANSFORMATION = "DESede/CBC/PKCS5Padding";
    private static final String MODERN = "AES/GCM/NoPadding";

    public Cipher des() throws Exception {
        // ruleid: jca-weak-cipher
        return Cipher.getInstance("DES/CBC/PKCS5Padding");
    }

    public Cipher tripleDes() throws Exception {
        // ruleid: jca-weak-cipher
        return Cipher.getInstance(TRANSFORMATION);
    }

    public Cipher rc4() throws Exception {
        // ruleid: jca-weak-cipher
        return Cipher.getInstance("RC4");
    }

    public Cipher arcfour() throws Exception {
        // ruleid: jca-weak-cipher
        return javax.crypto.Cipher.getInstance("ARCFOUR", "SunJCE");
    }

    public Cipher blowfish() throws Exception {
        // ruleid: jca-weak-cipher
        return Cipher.getInstance("Blowfish/ECB/PKCS5Padding");
    }

    public Cipher rc2() throws Exception {
        // ruleid: jca-weak-cipher
        return Cipher.getInstance("RC2");
    }

    public SecretKey desKey() throws Exception {
        // ruleid: jca-weak-cipher
        KeyGenerator kg = KeyGenerator.getInstance("DES");
        return kg.generateKey();
    }

    public SecretKey pbe(char[] password) throws Exception {
        // ruleid: jca-weak-cipher
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBEWithMD5AndDES");
        return f.generateSecret(new javax.crypto.spec.PBEKeySpec(password));
    }

    public SecretKey spec(byte[] raw) throws Exception {
        // ruleid: jca-weak-cipher
        DESKeySpec ks = new DESKeySpec(raw);
        // ruleid: jca-weak-cipher
        return new SecretKeySpec(raw, "DESede");
    }

    public Cipher safe(byte[] raw) throws Exception {
        // ok: jca-weak-cipher
        Cipher a = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: jca-weak-cipher
        Cipher b = Cipher.getInstance(MODERN);
        // ok: jca-weak-cipher
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        // ok: jca-weak-cipher
        KeyGenerator kg = KeyGenerator.getInstance("AES");
        // ok: jca-weak-cipher
        SecretKeySpec spec = new SecretKeySpec(raw, "AES");
        // ok: jca-weak-cipher
        SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
        return a;
    }
}
