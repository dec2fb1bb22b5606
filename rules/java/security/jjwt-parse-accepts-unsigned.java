package com.example.security;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwt;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import java.security.Key;
import javax.crypto.SecretKey;

public class JwtVerifier {
    private final Key key;
    private final JwtParser parser;

    public JwtVerifier(Key key) {
        this.key = key;
        this.parser = Jwts.parserBuilder().setSigningKey(key).build();
    }

    public Claims legacy(String token) {
        // ruleid: jjwt-parse-accepts-unsigned
        return (Claims) Jwts.parser().setSigningKey(key).parse(token).getBody();
    }

    public Object builder(String token) {
        // ruleid: jjwt-parse-accepts-unsigned
        Jwt<?, ?> jwt = Jwts.parserBuilder().setSigningKey(key).build().parse(token);
        return jwt.getBody();
    }

    public Object viaField(String token) {
        // ruleid: jjwt-parse-accepts-unsigned
        return parser.parse(token).getBody();
    }

    public Claims plaintext(String token) {
        // ruleid: jjwt-parse-accepts-unsigned
        return parser.parseClaimsJwt(token).getBody();
    }

    public Object unsecured(String token) {
        // ruleid: jjwt-parse-accepts-unsigned
        return Jwts.parser().unsecured().build().parse(token);
    }

    public Claims safe(String token) {
        // ok: jjwt-parse-accepts-unsigned
        Jws<Claims> jws = Jwts.parserBuilder().setSigningKey(key).build().parseClaimsJws(token);
        // ok: jjwt-parse-accepts-unsigned
        Claims viaField = parser.parseClaimsJws(token).getBody();
        return jws.getBody();
    }

    public Object safeModern(String token, SecretKey secret) {
        // ok: jjwt-parse-accepts-unsigned
        Object a = Jwts.parser().verifyWith(secret).build().parse(token);
        // ok: jjwt-parse-accepts-unsigned
        return Jwts.parser().verifyWith(secret).build().parseSignedClaims(token).getPayload();
    }

    public Object unrelated(String text) throws Exception {
        // ok: jjwt-parse-accepts-unsigned
        return java.time.LocalDate.parse(text);
    }
}
