package com.example.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import javax.crypto.spec.PBEKeySpec;

public class DataSourceConfig {
    // ruleid: java-hardcoded-secret
    private static final String DB_PASSWORD = "Xk9#mQ2$vL7pR4t";
    // ruleid: java-hardcoded-secret
    private String apiKey = "a8F3kL9qZ2xV7mN4pR6tY1wB";
    // ruleid: java-hardcoded-secret
    static final String CLIENT_SECRET = "q7Zr2Lw9Xk4Pm8Tn";

    // ok: java-hardcoded-secret
    private static final String PASSWORD_FIELD = "j_password_input";
    // ok: java-hardcoded-secret
    private static final String TOKEN_HEADER = "X-Auth-Token";
    // ok: java-hardcoded-secret
    private String password = "changeme";
    // ok: java-hardcoded-secret
    private String dbPassword = "${DB_PASSWORD}";
    // ok: java-hardcoded-secret
    private String token = "";
    // ok: java-hardcoded-secret
    private static final String SECRET_KEY_ALGORITHM = "PBKDF2WithHmacSHA256";
    // ok: java-hardcoded-secret
    private String passwordHash = "5f4dcc3b5aa765d61d8327deb882cf99";
    // ok: java-hardcoded-secret
    private String sessionToken = "aaaaaaaaaaaaaaaa";
    // ok: java-hardcoded-secret
    private String accessKey = System.getenv("ACCESS_KEY");

    Connection connect(String url) throws Exception {
        // ruleid: java-hardcoded-secret
        Connection c = DriverManager.getConnection(url, "app", "S3cure!Pass2024");
        // ok: java-hardcoded-secret
        Connection d = DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"));
        return c;
    }

    Properties props() {
        Properties p = new Properties();
        // ruleid: java-hardcoded-secret
        p.setProperty("mail.smtp.password", "mV8#tQ3zLp");
        // ok: java-hardcoded-secret
        p.setProperty("mail.smtp.password", System.getenv("SMTP_PASSWORD"));
        // ok: java-hardcoded-secret
        p.setProperty("password.policy", "strongest-available");
        Map<String, String> m = new HashMap<>();
        // ruleid: java-hardcoded-secret
        m.put("api_key", "Zt4Lq9Wx2Rv7Mk3N");
        // ok: java-hardcoded-secret
        m.put("api_key", "your-api-key-here");
        // ok: java-hardcoded-secret
        m.put("AWS::IAM::AccessKey", "e3b0c44298fc1c14");
        // Names ending in _pass, _pw or Pass, as in declarations.
        // ruleid: java-hardcoded-secret
        p.setProperty("ldap.bind_pw", "Rv5-Tq8m-Hz2x");
        // ruleid: java-hardcoded-secret
        m.put("smtpPass", "Lc7-Wn4k-Bq9v");
        // ok: java-hardcoded-secret
        m.put("bypass", "Lc7-Wn4k-Bq9v");
        // ok: java-hardcoded-secret
        m.put("db_pass", "${DB_PASS}");
        return p;
    }

    void client(Builder b, char[] salt) throws Exception {
        // ruleid: java-hardcoded-secret
        b.setPassword("Hunter2-Rocks!");
        // ruleid: java-hardcoded-secret
        b.withApiKey("k3Y-9vTq-2LmZ-8xRw");
        // ruleid: java-hardcoded-secret
        b.setDbPass("Gx4-Pm8r-Vt3k");
        // ok: java-hardcoded-secret
        b.setBypass("Gx4-Pm8r-Vt3k");
        // ok: java-hardcoded-secret
        b.setPasswordPrompt("Enter your password");
        // ok: java-hardcoded-secret
        b.setTokenUrl("https://auth.example.com/oauth/token");
        // ruleid: java-hardcoded-secret
        PBEKeySpec spec = new PBEKeySpec("N0t-So-Secret!".toCharArray(), new byte[16], 65536, 256);
    }

    boolean check(String password, String user) {
        // ruleid: java-hardcoded-secret
        if (password.equals("admin#2019!")) {
            return true;
        }
        // ruleid: java-hardcoded-secret
        if ("Sup3r-S3cret".equals(password)) {
            return true;
        }
        // ok: java-hardcoded-secret
        if (user.equals("administrator")) {
            return true;
        }
        // ok: java-hardcoded-secret
        return password.equals("");
    }

    interface Builder {
        void setPassword(String p);
        void withApiKey(String k);
        void setPasswordPrompt(String p);
        void setTokenUrl(String u);
    }
}

class SecurityConfig {
    // ruleid: java-hardcoded-secret
    @WithMockUser(username = "guest", password = "guest-Pa55")
    void test() {}

    void users(UserBuilder b, PasswordEncoder passwordEncoder, Helper h, Key k) {
        // ruleid: java-hardcoded-secret
        b.username("admin").password(passwordEncoder.encode("adm1n-Pass"));
        // ruleid: java-hardcoded-secret
        h.login("alice", h.changePassword("alice", "qu1ckSt4rt-Al"));
        // ruleid: java-hardcoded-secret
        Object t = new UsernamePasswordAuthenticationToken("admin", "r00t-Pass");
        // ruleid: java-hardcoded-secret
        Object spec = new SecretKeySpec("thiszthekeytoday".getBytes(StandardCharsets.UTF_8), "AES");
        // ruleid: java-hardcoded-secret
        Object p = Jwts.parser().setSigningKey("qwertyqwerty1234");
        // ok: java-hardcoded-secret
        b.password(passwordEncoder.encode(System.getenv("ADMIN_PASSWORD")));
        // ok: java-hardcoded-secret
        h.setPasswordPrompt("Password:");
        // ok: java-hardcoded-secret
        Object spec2 = new SecretKeySpec(keyBytes, "AES");
    }
}

class MoreShapes {
    // ruleid: java-hardcoded-secret
    public static final String JWT_PASSWORD = TextCodec.BASE64.encode("victory-Lap9");
    // ruleid: java-hardcoded-secret
    char[] keystorePassword = "ks-Pa55word!".toCharArray();
    // ruleid: java-hardcoded-secret
    String password = "t0pSecret" + randomSuffix();
    // ok: java-hardcoded-secret
    String dbPassword = props.getProperty("db.password");
    // ok: java-hardcoded-secret
    String apiToken = request.getHeader("X-Api-Token-Value");
    // ruleid: java-hardcoded-secret
    String certPassword = """
        Hq4-Rw8n-Lp2x""";
    // ok: java-hardcoded-secret
    String emptyPassword = "";
    // ruleid: java-hardcoded-secret
    private static final String AES_KEY = "q3Vt8ZkLw2Rx9mPb";
    // ok: java-hardcoded-secret
    private static final String AES_KEY_ALGORITHM = "AES/GCM/NoPadding";

    void shiro(CookieRememberMeManager manager, TokenConfig config) {
        // ruleid: java-hardcoded-secret
        manager.setCipherKey(Base64.decode("Xk2pV9rQ7tLm4wZ8bN3cYg=="));
        // ruleid: java-hardcoded-secret
        config.setJwtSecretKey("Hq7vLp2XzR9kWm4T");
        // ok: java-hardcoded-secret
        manager.setCipherKey(Base64.decode(System.getenv("REMEMBER_ME_KEY")));
    }
    // ok: java-hardcoded-secret
    private final WordTokenizer tokenizer = WordTokenizer.newInstance("wordpiece-base-cased");
    // ruleid: java-hardcoded-secret
    private static final String KEY_PASSPHRASE = "Tz4pW8nK2vQ7";
    // ok: java-hardcoded-secret
    private final String passphrase = System.getenv("KEY_PASSPHRASE");
    void tokens() {
        // ruleid: java-hardcoded-secret
        OAuth2AccessToken accessToken = new OAuth2AccessToken("d3iwa.403gvrs194740652m1k4w2a503k3c");
        // ruleid: java-hardcoded-secret
        Authentication auth = new UsernamePasswordAuthenticationToken("svc-batch", "Rk2v-Tz8m-Wq4x");
        // ok: java-hardcoded-secret
        OAuth2AccessToken empty = new OAuth2AccessToken("expired");
        // ok: java-hardcoded-secret
        TokenRequest request = new TokenRequest("https://auth.example.com/token");
        // The literal wrapped in a one-argument constructor is still the password.
        // ruleid: java-hardcoded-secret
        GuardedString password = new GuardedString("Mv7-Kq2x-Lz9r".toCharArray());
        // ruleid: java-hardcoded-secret
        final StringCredentialValue dbPassword = new StringCredentialValue("Tn4wXq8Rz2");
        // ok: java-hardcoded-secret
        GuardedString vaultPassword = new GuardedString(System.getenv("VAULT_PASSWORD").toCharArray());
        // Names that end in `_PASS`, `Pass` or `_PW` are passwords' too.
        // ruleid: java-hardcoded-secret
        final String DB_PASS = "Rq8-Wm3z-Kv6t";
        // ruleid: java-hardcoded-secret
        String adminPass = "Lx5!Tn9qWz2";
        // ruleid: java-hardcoded-secret
        final String LDAP_BIND_PW = "Jc4$Vr7mPq1";
        // ok: java-hardcoded-secret
        String bypass = "Rq8-Wm3z-Kv6t";
        // ok: java-hardcoded-secret
        final String TEST_PASS = "PASS";
        // A user and a password given as a pair.
        // ruleid: java-hardcoded-secret
        String basic = Credentials.basic("svc-deploy", "Pq7-Ws2k-Xn4v");
        // ruleid: java-hardcoded-secret
        headers.setBasicAuth("svc-deploy", "Bt6-Rm9c-Jz3q");
        // ruleid: java-hardcoded-secret
        given().auth().preemptive().basic("svc-deploy", "Kd8-Yv3n-Fq5t").get("/orders");
        // ruleid: java-hardcoded-secret
        Map<String, String> form = Map.of("username", "svc-deploy", "password", "Mz4-Hp7w-Tc2r");
        // ok: java-hardcoded-secret
        headers.setBasicAuth(user, System.getenv("API_PASSWORD"));
        // ok: java-hardcoded-secret
        given().auth().basic("user", "changeme").get("/orders");
        // ruleid: java-hardcoded-secret
        Map<String, String> ldap = Map.of("bind_dn", "cn=svc", "bind_pw", "Qs6-Ny2t-Kf8w");
        // ok: java-hardcoded-secret
        Map<String, String> labels = Map.of("app", "orders", "tier", "backend");
        // A fixed JWT or HMAC key.
        // ruleid: java-hardcoded-secret
        Algorithm algorithm = Algorithm.HMAC256("Wq3-Xv8b-Lk5r-Hs2m");
        // ruleid: java-hardcoded-secret
        SecretKey signingKey = Keys.hmacShaKeyFor("Bt6-Rm9c-Jz3q-Kd8Y-Vn2w-Qp5s-Lx7t".getBytes(StandardCharsets.UTF_8));
        // ok: java-hardcoded-secret
        Algorithm fromEnv = Algorithm.HMAC256(System.getenv("JWT_KEY"));
    }
}
