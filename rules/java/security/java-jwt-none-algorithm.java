package com.example.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import java.security.Key;

public class TokenIssuer {
    public String jjwtNone(String user) {
        // ruleid: java-jwt-none-algorithm
        return Jwts.builder().setSubject(user).setHeaderParam("alg", SignatureAlgorithm.NONE.getValue()).compact();
    }

    public String auth0None(String user) {
        // ruleid: java-jwt-none-algorithm
        return JWT.create().withSubject(user).sign(Algorithm.none());
    }

    public DecodedJWT auth0Verify(String token) {
        // ruleid: java-jwt-none-algorithm
        return JWT.require(Algorithm.none()).build().verify(token);
    }

    public String nimbus(JWTClaimsSet claims) {
        // ruleid: java-jwt-none-algorithm
        return new PlainJWT(claims).serialize();
    }

    public String safe(String user, Key key, String secret) {
        // ok: java-jwt-none-algorithm
        String a = Jwts.builder().setSubject(user).signWith(key, SignatureAlgorithm.HS256).compact();
        // ok: java-jwt-none-algorithm
        String b = JWT.create().withSubject(user).sign(Algorithm.HMAC256(secret));
        return a + b;
    }
}
