import java.security.MessageDigest;

public class ConfiguredHash {
    private static final String LEGACY = "MD5";

    byte[] digest(byte[] data, java.util.Properties props) throws Exception {
        String algorithm = props.getProperty("hash.algorithm.unknown", "SHA1");
        // ruleid: weak-hash-from-configuration
        MessageDigest md = MessageDigest.getInstance(algorithm);
        // ruleid: weak-hash-from-configuration
        MessageDigest legacy = MessageDigest.getInstance(LEGACY);
        String strong = props.getProperty("hash.algorithm.unknown", "SHA-256");
        // ok: weak-hash-from-configuration
        MessageDigest good = MessageDigest.getInstance(strong);
        // ok: weak-hash-from-configuration
        MessageDigest literal = MessageDigest.getInstance("SHA-512");
        return md.digest(data);
    }
}
