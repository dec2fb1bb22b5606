package com.example.auth;

import java.util.List;
import java.util.Map;
import java.util.Objects;

public class RoleCheck {

    private static final String ADMIN = "admin";
    private String mode;
    private int level;

    public boolean isAdmin(String role) {
        // ruleid: java-string-reference-equality
        return role == "admin";
    }

    public boolean isGuest(Map<String, String> headers) {
        // ruleid: java-string-reference-equality
        return "guest" == headers.get("X-Role");
    }

    public boolean notAdmin(String role) {
        // ruleid: java-string-reference-equality
        if (role != ADMIN) {
            return true;
        }
        return false;
    }

    public boolean sameMode(String other) {
        // ruleid: java-string-reference-equality
        return this.mode == other;
    }

    public int countAdmins(List<String> roles) {
        int n = 0;
        for (String r : roles) {
            // ruleid: java-string-reference-equality
            if (r == ADMIN) {
                n++;
            }
        }
        return n;
    }

    public boolean matches(Object value) {
        String expected = System.getProperty("expected.role");
        // ruleid: java-string-reference-equality
        return value == expected;
    }

    public boolean isAdminSafe(String role) {
        // ok: java-string-reference-equality
        return "admin".equals(role);
    }

    public boolean missing(String role) {
        // ok: java-string-reference-equality
        return role == null || role.isEmpty();
    }

    public boolean missingReversed(String role) {
        // ok: java-string-reference-equality
        return null != role;
    }

    public boolean sameObject(Object a, Object b) {
        // ok: java-string-reference-equality
        return a == b;
    }

    public boolean sameLevel(int other) {
        // ok: java-string-reference-equality
        return level == other;
    }

    public boolean sameKind(char c) {
        // ok: java-string-reference-equality
        return c == 'a';
    }

    public static boolean same(String a, String b) {
        // ok: java-string-reference-equality
        return a == b || a != null && a.equals(b);
    }

    public boolean equalModes(String other) {
        // ok: java-string-reference-equality
        return Objects.equals(mode, other);
    }

    public boolean viaGetter(User u, User v) {
        // todoruleid: java-string-reference-equality
        return u.getName() == v.getName();
    }

    interface User {
        String getName();
    }
}
