package com.example.crypto;

import java.io.InputStream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.codec.digest.MessageDigestAlgorithms;

public class Fingerprints {
    public String etag(byte[] body) {
        // ruleid: digest-utils-weak-hash
        return DigestUtils.md5Hex(body);
    }

    public byte[] raw(String s) {
        // ruleid: digest-utils-weak-hash
        return DigestUtils.sha1(s);
    }

    public String legacy(InputStream in) throws java.io.IOException {
        // ruleid: digest-utils-weak-hash
        return DigestUtils.shaHex(in);
    }

    public String spring(byte[] bytes) {
        // ruleid: digest-utils-weak-hash
        return org.springframework.util.DigestUtils.md5DigestAsHex(bytes);
    }

    public java.security.MessageDigest digest() {
        // ruleid: digest-utils-weak-hash
        return DigestUtils.getDigest(MessageDigestAlgorithms.SHA_1);
    }

    public String instance(byte[] data) {
        // ruleid: digest-utils-weak-hash
        return new DigestUtils(MessageDigestAlgorithms.MD5).digestAsHex(data);
    }

    public String password(String pw) {
        // ruleid: digest-utils-weak-hash
        return DigestUtils.md5Hex(pw + "salt");
    }

    public String safe(byte[] body) {
        // ok: digest-utils-weak-hash
        String a = DigestUtils.sha256Hex(body);
        // ok: digest-utils-weak-hash
        java.security.MessageDigest md = DigestUtils.getDigest(MessageDigestAlgorithms.SHA_512);
        // ok: digest-utils-weak-hash
        String b = new DigestUtils(MessageDigestAlgorithms.SHA3_256).digestAsHex(body);
        // ok: digest-utils-weak-hash
        String c = DigestUtils.sha512Hex(body);
        return a + b + c;
    }
}
