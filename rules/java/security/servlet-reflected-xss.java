package com.example.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.owasp.encoder.Encode;

public class GreetingServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        response.setContentType("text/html");
        PrintWriter out = response.getWriter();
        // ruleid: servlet-reflected-xss
        out.println("<h1>Hello " + request.getParameter("name") + "</h1>");
        String q = request.getParameter("q");
        // ruleid: servlet-reflected-xss
        out.print(q);
        // ruleid: servlet-reflected-xss
        response.getWriter().format(request.getHeader("X-Fmt"), q);
        // ok: servlet-reflected-xss
        out.println("<p>" + Encode.forHtml(q) + "</p>");
        // ok: servlet-reflected-xss
        out.println("<p>Static content</p>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String comment = "";
        if (request.getParameter("comment") != null) {
            comment = request.getParameter("comment");
        }
        // ruleid: servlet-reflected-xss
        response.getWriter().write("<div>" + comment + "</div>");
        String safe = Encode.forHtml(request.getParameter("comment"));
        // ok: servlet-reflected-xss
        response.getWriter().write("<div>" + safe + "</div>");
        StringBuilder log = new StringBuilder();
        // ok: servlet-reflected-xss
        log.append(request.getParameter("comment"));
    }
}
