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
        // ruleid: servlet-cookie-missing-secure
        Cookie cookie = new Cookie("SESSION", sessionId);
        cookie.setHttpOnly(true);
        cookie.setPath("/");
        response.addCookie(cookie);
    }

    public void rememberMe(HttpServletResponse response, String token) {
        // ruleid: servlet-cookie-missing-secure
        response.addCookie(new Cookie("remember-me", token));
    }

    public void explicitlyOff(HttpServletResponse response, String token) {
        // ruleid: servlet-cookie-missing-secure
        Cookie c = new Cookie("token", token);
        c.setSecure(false);
        response.addCookie(c);
    }

    public void wrongCookie(HttpServletResponse response, String a, String b) {
        // ruleid: servlet-cookie-missing-secure
        Cookie first = new Cookie("a", a);
        // ok: servlet-cookie-missing-secure
        Cookie second = new Cookie("b", b);
        second.setSecure(true);
        response.addCookie(first);
        response.addCookie(second);
    }

    public String spring(String id) {
        // ruleid: servlet-cookie-missing-secure
        return ResponseCookie.from("SESSION", id).httpOnly(true).path("/").build().toString();
    }

    public void safe(HttpServletResponse response, String sessionId) {
        // ok: servlet-cookie-missing-secure
        Cookie cookie = new Cookie("SESSION", sessionId);
        cookie.setSecure(true);
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
    }

    public void configured(HttpServletResponse response, String sessionId) {
        // ok: servlet-cookie-missing-secure
        Cookie cookie = new Cookie("SESSION", sessionId);
        cookie.setSecure(secureCookies);
        response.addCookie(cookie);
    }

    public void logout(HttpServletRequest request, HttpServletResponse response) {
        // ok: servlet-cookie-missing-secure
        Cookie cookie = new Cookie("SESSION", "");
        cookie.setMaxAge(0);
        response.addCookie(cookie);
    }

    public void clear(HttpServletResponse response) {
        // ok: servlet-cookie-missing-secure
        response.addCookie(new Cookie("SESSION", ""));
        // ok: servlet-cookie-missing-secure
        Cookie gone = new Cookie("remember-me", null);
        response.addCookie(gone);
    }

    public String springSafe(String id) {
        // ok: servlet-cookie-missing-secure
        return ResponseCookie.from("SESSION", id).secure(true).httpOnly(true).build().toString();
    }

    public void factory(HttpServletResponse response, String id) {
        // todoruleid: servlet-cookie-missing-secure
        response.addCookie(make(id));
    }

    private Cookie make(String id) {
        return new Cookie("SESSION", id);
    }
}
