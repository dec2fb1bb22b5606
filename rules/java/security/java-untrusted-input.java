import java.io.*;
import java.sql.*;
import java.util.*;
import javax.servlet.http.*;
import org.springframework.web.bind.annotation.*;

// Every family of sources reaches a sink; the safe variants do not.
public class UntrustedInput extends HttpServlet {
    public void doGet(HttpServletRequest request, HttpServletResponse response) throws Exception {
        Statement st = DriverManager.getConnection("jdbc:h2:mem:").createStatement();
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE a = '" + request.getParameter("a") + "'");
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE a = '" + request.getHeader("X-A") + "'");
        String fromCookie = "";
        for (Cookie c : request.getCookies()) {
            if (c.getName().equals("a")) {
                fromCookie = c.getValue();
            }
        }
        // ruleid: java-sql-injection
        st.execute("DELETE FROM t WHERE a = '" + fromCookie + "'");
        Enumeration<String> names = request.getParameterNames();
        String name = names.nextElement();
        // ruleid: java-sql-injection
        st.addBatch("UPDATE t SET a = '" + name + "'");
        Map<String, String[]> params = request.getParameterMap();
        String[] values = params.get("a");
        // ruleid: java-sql-injection
        st.executeUpdate("UPDATE t SET b = '" + values[0] + "'");
        String body = new BufferedReader(request.getReader()).readLine();
        // ruleid: java-sql-injection
        st.executeQuery("SELECT '" + body + "'");
        int id = Integer.parseInt(request.getParameter("id"));
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE id = " + id);
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE n = " + request.getParameter("n").length());
    }

    public static void main(String[] args) throws Exception {
        Statement st = DriverManager.getConnection("jdbc:h2:mem:").createStatement();
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE a = '" + args[0] + "'");
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE a = '" + System.getenv("A") + "'");
        String line = new BufferedReader(new InputStreamReader(System.in)).readLine();
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE a = '" + line + "'");
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM t WHERE a = '" + System.getProperty("line.separator") + "'");
    }
}

@RestController
class Api {
    private final Statement st;

    Api(Statement st) {
        this.st = st;
    }

    @GetMapping("/u/{id}")
    String user(@PathVariable String id, @RequestParam("q") String q, String plain) throws Exception {
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM u WHERE id = '" + id + "'");
        // ruleid: java-sql-injection
        st.executeQuery("SELECT * FROM u WHERE q = '" + q + "'");
        // ok: java-sql-injection
        st.executeQuery("SELECT * FROM u WHERE p = '" + plain + "'");
        Set<String> allowed = new HashSet<>(Arrays.asList("name", "email"));
        if (allowed.contains(q)) {
            // ok: java-sql-injection
            st.executeQuery("SELECT " + q + " FROM u");
        }
        if (!q.matches("[a-z]+")) {
            return "bad";
        }
        // ok: java-sql-injection
        return st.executeQuery("SELECT * FROM u ORDER BY " + q).toString();
    }
}
