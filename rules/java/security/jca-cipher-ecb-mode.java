package com.example.crypto;

import javax.crypto.Cipher;

public class Encryptor {
    private static final String ALGO = "AES";
    private static final String GCM = "AES/GCM/NoPadding";

    public Cipher bare() throws Exception {
        // ruleid: jca-cipher-ecb-mode
        return Cipher.getInstance("AES");
    }

    public Cipher explicitEcb() throws Exception {
        // ruleid: jca-cipher-ecb-mode
        return Cipher.getInstance("AES/ECB/PKCS5Padding");
    }

    public Cipher viaConstant() throws Exception {
        // ruleid: jca-cipher-ecb-mode
        Cipher cipher = Cipher.getInstance(ALGO);
        return cipher;
    }

    public Cipher provider() throws Exception {
        // ruleid: jca-cipher-ecb-mode
        return javax.crypto.Cipher.getInstance("AES_256/ECB/NoPadding", "BC");
    }

    public Cipher safe() throws Exception {
        // ok: jca-cipher-ecb-mode
        Cipher a = Cipher.getInstance("AES/GCM/NoPadding");
        // ok: jca-cipher-ecb-mode
        Cipher b = Cipher.getInstance(GCM);
        // ok: jca-cipher-ecb-mode
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        // ok: jca-cipher-ecb-mode
        Cipher d = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        // ok: jca-cipher-ecb-mode
        Cipher e = Cipher.getInstance("AESWrap");
        return a;
    }
}
