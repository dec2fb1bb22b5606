import javax.servlet.http.*;

public class SessionExamples extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) {
        String role = request.getParameter("role");
        // ruleid: java-trust-boundary
        request.getSession().setAttribute("role", role);
        HttpSession session = request.getSession();
        // ruleid: java-trust-boundary
        session.putValue(role, "10340");
        // ok: java-trust-boundary
        session.setAttribute("visits", 1);
        // ok: java-trust-boundary
        session.setAttribute("page", Integer.parseInt(request.getParameter("page")));
    }
}
