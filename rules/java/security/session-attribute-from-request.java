package com.example.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

public class PreferencesServlet {
    private static final Set<String> THEMES = Set.of("light", "dark");

    public void save(HttpServletRequest request) {
        HttpSession session = request.getSession();
        // ruleid: session-attribute-from-request
        session.setAttribute("role", request.getParameter("role"));
    }

    public void remember(HttpServletRequest request) {
        String tenant = request.getHeader("X-Tenant");
        // ruleid: session-attribute-from-request
        request.getSession().setAttribute("tenant", tenant);
    }

    public void fromCookie(HttpServletRequest request) {
        String pref = "default";
        if (request.getHeader("X-Pref") != null) {
            pref = request.getHeader("X-Pref");
        }
        // ruleid: session-attribute-from-request
        request.getSession().putValue("pref", pref);
        // ruleid: session-attribute-from-request
        request.getSession().setAttribute(request.getParameter("key"), "1");
    }

    @PostMapping("/discount")
    public void discount(@RequestParam String code, HttpSession httpSession) {
        // ruleid: session-attribute-from-request
        httpSession.setAttribute("discountCode", code);
    }

    public void safe(HttpServletRequest request, String userId) {
        HttpSession session = request.getSession(true);
        // ok: session-attribute-from-request
        session.setAttribute("userId", userId);
        // ok: session-attribute-from-request
        request.setAttribute("theme", request.getParameter("theme"));
    }

    public void validated(HttpServletRequest request) {
        String theme = request.getParameter("theme");
        if (!THEMES.contains(theme)) {
            theme = "light";
        }
        // ok: session-attribute-from-request
        request.getSession().setAttribute("theme", theme);
    }
}
