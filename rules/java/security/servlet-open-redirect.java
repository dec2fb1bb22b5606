package com.example.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

@Controller
public class LoginFlow {
    public void afterLogin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: servlet-open-redirect
        response.sendRedirect(request.getParameter("next"));
    }

    public void back(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String target = request.getHeader("Referer");
        // ruleid: servlet-open-redirect
        response.sendRedirect(target);
    }

    @GetMapping("/continue")
    public String proceed(@RequestParam("url") String url) {
        // ruleid: servlet-open-redirect
        return "redirect:" + url;
    }

    @GetMapping("/go")
    public RedirectView go(@RequestParam String target) {
        // ruleid: servlet-open-redirect
        return new RedirectView(target);
    }

    public void assigned(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = "/";
        if (request.getParameter("next") != null) {
            next = request.getParameter("next");
        }
        // ruleid: servlet-open-redirect
        response.sendRedirect(next);
    }

    public void concatenated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getParameter("host");
        // ruleid: servlet-open-redirect
        response.sendRedirect("https://" + host + "/welcome");
        String page = request.getParameter("page");
        // ok: servlet-open-redirect
        response.sendRedirect("/app/pages/" + page);
    }

    public void slashPrefix(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: servlet-open-redirect
        response.sendRedirect("/" + request.getParameter("path"));
    }

    public void safe(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ok: servlet-open-redirect
        response.sendRedirect(request.getContextPath() + "/home");
        // ok: servlet-open-redirect
        response.sendRedirect("/login?next=" + java.net.URLEncoder.encode(request.getRequestURI(), "UTF-8"));
    }

    public void safeFixedHost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ok: servlet-open-redirect
        response.sendRedirect("https://accounts.example.com/signin?ref=" + request.getParameter("ref"));
    }

    @GetMapping("/done")
    public ModelAndView done(String message) {
        // ok: servlet-open-redirect
        return new ModelAndView("redirect:/dashboard");
    }
}
