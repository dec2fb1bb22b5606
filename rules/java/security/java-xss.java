import java.io.*;
import javax.servlet.http.*;

public class XssExamples extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        // ruleid: java-xss
        response.getWriter().println("<p>Hello " + name + "</p>");
        PrintWriter out = response.getWriter();
        // ruleid: java-xss
        out.format("<p>%s</p>", name);
        // ruleid: java-xss
        out.write(name.toCharArray());
        // ok: java-xss
        out.println("<p>Hello " + org.owasp.esapi.ESAPI.encoder().encodeForHTML(name) + "</p>");
        // ok: java-xss
        out.println("<p>Hello " + org.springframework.web.util.HtmlUtils.htmlEscape(name) + "</p>");
        // ok: java-xss
        out.print(org.apache.commons.lang.StringEscapeUtils.escapeHtml(name).toCharArray());
        // ok: java-xss
        System.out.println("Hello " + name);
        // ok: java-xss
        out.println("<p>Hello</p>");
    }
}
