import javax.servlet.http.*;

public class RedirectExamples extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        String next = request.getParameter("next");
        // ruleid: java-open-redirect
        response.sendRedirect(next);
        // ok: java-open-redirect
        response.sendRedirect("/home");
        java.util.Set<String> allowed = java.util.Set.of("/home", "/account");
        if (allowed.contains(next)) {
            // ok: java-open-redirect
            response.sendRedirect(next);
        }
    }
}
