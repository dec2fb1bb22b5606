import java.sql.*;
import javax.servlet.http.*;
import org.springframework.jdbc.core.JdbcTemplate;

public class SqlExamples {
    private JdbcTemplate jdbc;

    void concatenated(HttpServletRequest request, Connection conn) throws SQLException {
        String name = request.getParameter("name");
        String sql = "SELECT * FROM users WHERE name = '" + name + "'";
        Statement st = conn.createStatement();
        // ruleid: java-sql-injection
        st.executeQuery(sql);
        // ruleid: java-sql-injection
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = '" + name + "'");
        // ruleid: java-sql-injection
        jdbc.queryForList(String.format("SELECT * FROM users WHERE name = '%s'", name));
        StringBuilder b = new StringBuilder("DELETE FROM users WHERE name = '");
        b.append(name).append("'");
        // ruleid: java-sql-injection
        jdbc.update(b.toString());
    }

    void parameterized(HttpServletRequest request, Connection conn) throws SQLException {
        String name = request.getParameter("name");
        // ok: java-sql-injection
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        ps.executeQuery();
        // ok: java-sql-injection
        jdbc.queryForList("SELECT * FROM users WHERE name = ?", name);
    }

    void constantBranch(HttpServletRequest request, Connection conn) throws SQLException {
        String param = request.getParameter("name");
        String bar;
        int num = 86;
        if ((7 * 42) - num > 200) {
            bar = "This_should_always_happen";
        } else {
            bar = param;
        }
        // ok: java-sql-injection
        conn.createStatement().execute("SELECT * FROM users WHERE name = '" + bar + "'");
        String other = (7 * 18) + num > 300 ? "constant" : param;
        // ruleid: java-sql-injection
        conn.createStatement().execute("SELECT * FROM users WHERE name = '" + other + "'");
    }

    void collections(HttpServletRequest request, Connection conn) throws SQLException {
        String param = request.getParameter("name");
        java.util.List<String> list = new java.util.ArrayList<>();
        list.add("safe");
        list.add(param);
        list.add("moresafe");
        list.remove(0);
        // ok: java-sql-injection
        conn.createStatement().execute("SELECT '" + list.get(1) + "'");
        // ruleid: java-sql-injection
        conn.createStatement().execute("SELECT '" + list.get(0) + "'");
        java.util.Map<String, Object> map = new java.util.HashMap<>();
        map.put("keyA", "a_Value");
        map.put("keyB", param);
        // ok: java-sql-injection
        conn.createStatement().execute("SELECT '" + map.get("keyA") + "'");
        // ruleid: java-sql-injection
        conn.createStatement().execute("SELECT '" + map.get("keyB") + "'");
    }

    void switchOnConstant(HttpServletRequest request, Connection conn) throws SQLException {
        String param = request.getParameter("name");
        String bar;
        String guess = "ABC";
        switch (guess.charAt(1)) {
            case 'A':
                bar = param;
                break;
            case 'B':
                bar = "bob";
                break;
            default:
                bar = param;
        }
        // ok: java-sql-injection
        conn.createStatement().execute("SELECT '" + bar + "'");
    }

    void helpers(HttpServletRequest request, Connection conn) throws SQLException {
        String param = request.getParameter("name");
        // ruleid: java-sql-injection
        conn.createStatement().execute("SELECT '" + passThrough(param) + "'");
        // ok: java-sql-injection
        conn.createStatement().execute("SELECT '" + constant(param) + "'");
        // ruleid: java-sql-injection
        runQuery(conn, param);
        // ok: java-sql-injection
        runQuery(conn, "fixed");
    }

    private static String passThrough(String s) {
        return s.trim();
    }

    private static String constant(String s) {
        return "constant";
    }

    private static void runQuery(Connection conn, String value) throws SQLException {
        conn.createStatement().executeQuery("SELECT * FROM t WHERE v = '" + value + "'");
    }
}
