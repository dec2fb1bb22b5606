package com.example.dao;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

public class AuditDao {

    private final Connection connection;
    private final JdbcTemplate jdbcTemplate;
    private PreparedStatement cached;

    public AuditDao(Connection connection, JdbcTemplate jdbcTemplate) {
        this.connection = connection;
        this.jdbcTemplate = jdbcTemplate;
    }

    public void record(List<String> events) throws SQLException {
        for (String event : events) {
            // ruleid: jdbc-statement-not-closed
            PreparedStatement ps = connection.prepareStatement("INSERT INTO audit(event) VALUES (?)");
            ps.setString(1, event);
            ps.executeUpdate();
        }
    }

    public int count() throws SQLException {
        // ruleid: jdbc-statement-not-closed
        Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM audit");
        rs.next();
        return rs.getInt(1);
    }

    public void truncate() throws SQLException {
        // ruleid: jdbc-statement-not-closed
        connection.createStatement().execute("TRUNCATE audit");
    }

    public void rotate() throws SQLException {
        // ruleid: jdbc-statement-not-closed
        CallableStatement cs = connection.prepareCall("{call rotate_audit()}");
        cs.execute();
    }

    public void recordSafe(String event) throws SQLException {
        // ok: jdbc-statement-not-closed
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO audit(event) VALUES (?)")) {
            ps.setString(1, event);
            ps.executeUpdate();
        }
    }

    public void legacy(String event) throws SQLException {
        PreparedStatement ps = null;
        try {
            // ok: jdbc-statement-not-closed
            ps = connection.prepareStatement("DELETE FROM audit WHERE event = ?");
            ps.setString(1, event);
            ps.executeUpdate();
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    public void viaTemplate(String event) {
        jdbcTemplate.update(con -> {
            // ok: jdbc-statement-not-closed
            PreparedStatement ps = con.prepareStatement("INSERT INTO audit(event) VALUES (?)");
            ps.setString(1, event);
            return ps;
        });
    }

    public void withOwnConnection(javax.sql.DataSource ds) throws SQLException {
        try (Connection conn = ds.getConnection()) {
            // ok: jdbc-statement-not-closed
            Statement st = conn.createStatement();
            st.execute("VACUUM audit");
        }
    }

    public void prepare() throws SQLException {
        // ok: jdbc-statement-not-closed
        cached = connection.prepareStatement("SELECT 1");
    }

    public void loopWithOwnConnection(javax.sql.DataSource ds, List<String> events) throws SQLException {
        try (Connection conn = ds.getConnection()) {
            for (String event : events) {
                // ruleid: jdbc-statement-not-closed
                PreparedStatement ps = conn.prepareStatement("INSERT INTO audit(event) VALUES (?)");
                ps.setString(1, event);
                ps.executeUpdate();
            }
        }
    }
}
