package com.example;

public class Notes {
    // ruleid: java-secret-in-comment-or-text
    // staging db: user=app password=St4ging-Db-2024
    private final String url = "jdbc:postgresql://db/app";

    /*
     * ruleid: java-secret-in-comment-or-text
     * Test account: username: alice, password: Al1ce-Wonder!
     */
    void login() {}

    // ruleid: java-secret-in-comment-or-text
    String props = "db.user=app\ndb.password=Pr0ps-Secret-9\n";
    // ruleid: java-secret-in-comment-or-text
    String body = "{\"username\":\"newUser\",\"password\":\"nU-8xq!Lm3\"}";

    // ruleid: java-secret-in-comment-or-text
    int retries = 3; /*password=Bl0ck-C0mment-7*/ int delay = 5;

    // ok: java-secret-in-comment-or-text
    // the password: must be read from the environment (see README)
    // ok: java-secret-in-comment-or-text
    // password=${DB_PASSWORD}
    // ok: java-secret-in-comment-or-text
    String help = "password: <your password>";
    // ok: java-secret-in-comment-or-text
    String label = "Password:";
    // ok: java-secret-in-comment-or-text
    // token_ttl = 3600
    // ruleid: java-secret-in-comment-or-text
    String body = "{ \"access_token\":\"Zr4Q8mX2vT7kP9wL3nB6yC\", \"token_type\":\"bearer\" }";
    // ok: java-secret-in-comment-or-text
    String doc = "{ \"access_token\": \"<access token>\" }";
    // Any name ending in _token.
    // ruleid: java-secret-in-comment-or-text
    String pluginConf = "{\"plugin_token\":\"Lq8vZ3xR7mW2kT9pN4bY\"}";
    // ok: java-secret-in-comment-or-text
    String pluginDoc = "{\"plugin_token\":\"your-plugin-token\"}";
}
