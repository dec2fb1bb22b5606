import javax.crypto.Cipher;

public class ConfiguredCipher {
    Cipher make(java.util.Properties props, boolean legacy) throws Exception {
        String transformation = "DESede/ECB/PKCS5Padding";
        // ruleid: weak-cipher-from-configuration
        Cipher c = Cipher.getInstance(transformation);
        String either = legacy ? "DES/CBC/PKCS5Padding" : "DESede/ECB/PKCS5Padding";
        // A value joined from two branches is no longer one constant.
        // todoruleid: weak-cipher-from-configuration
        Cipher c2 = Cipher.getInstance(either);
        String modern = props.getProperty("cipher.unknown", "AES/GCM/NoPadding");
        // ok: weak-cipher-from-configuration
        Cipher good = Cipher.getInstance(modern);
        return c;
    }
}
