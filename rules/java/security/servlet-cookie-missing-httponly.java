package com.example.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseCookie;

public class LoginController {
    private final boolean secureCookies;

    public LoginController(boolean secureCookies) {
        this.secureCookies = secureCookies;
    }

    public void login(HttpServletResponse response, String sessionId) {
        // ruleid: servlet-cookie-missing-httponly
        Cookie cookie = new Cookie("SESSION", sessionId);
        cookie.setSecure(true);
        cookie.setPath("/");
        response.addCookie(cookie);
    }

    public void rememberMe(HttpServletResponse response, String token) {
        // ruleid: servlet-cookie-missing-httponly
        response.addCookie(new Cookie("remember-me", token));
    }

    public void explicitlyOff(HttpServletResponse response, String token) {
        // ruleid: servlet-cookie-missing-httponly
        Cookie c = new Cookie("token", token);
        c.setHttpOnly(false);
        response.addCookie(c);
    }

    public void wrongCookie(HttpServletResponse response, String a, String b) {
        // ruleid: servlet-cookie-missing-httponly
        Cookie first = new Cookie("a", a);
        // ok: servlet-cookie-missing-httponly
        Cookie second = new Cookie("b", b);
        second.setHttpOnly(true);
        response.addCookie(first);
        response.addCookie(second);
    }

    public String spring(String id) {
        // ruleid: servlet-cookie-missing-httponly
        return ResponseCookie.from("SESSION", id).secure(true).path("/").build().toString();
    }

    public void safe(HttpServletResponse response, String sessionId) {
        // ok: servlet-cookie-missing-httponly
        Cookie cookie = new Cookie("SESSION", sessionId);
        cookie.setHttpOnly(true);
        cookie.setSecure(true);
        response.addCookie(cookie);
    }

    public void configured(HttpServletResponse response, String sessionId) {
        // ok: servlet-cookie-missing-httponly
        Cookie cookie = new Cookie("SESSION", sessionId);
        cookie.setHttpOnly(secureCookies);
        response.addCookie(cookie);
    }

    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // ok: servlet-cookie-missing-httponly
        Cookie cookie = new Cookie("SESSION", "");
        cookie.setMaxAge(0);
        response.addCookie(cookie);
    }

    public void clear(HttpServletResponse response) {
        // ok: servlet-cookie-missing-httponly
        response.addCookie(new Cookie("SESSION", ""));
        // ok: servlet-cookie-missing-httponly
        Cookie gone = new Cookie("remember-me", null);
        response.addCookie(gone);
    }

    public String springSafe(String id) {
        // ok: servlet-cookie-missing-httponly
        return ResponseCookie.from("SESSION", id).httpOnly(true).secure(true).build().toString();
    }

    public void factory(HttpServletResponse response, String id) {
        // todoruleid: servlet-cookie-missing-httponly
        response.addCookie(make(id));
    }

    private Cookie make(String id) {
        return new Cookie("SESSION", id);
    }
}
