package com.example.repo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

public class UserRepository {
    private static final String TABLE = "users";
    private static final String COLUMNS = "id, name, email";
    private final Connection conn;
    private final JdbcTemplate jdbcTemplate;

    public UserRepository(Connection conn, JdbcTemplate jdbcTemplate) {
        this.conn = conn;
        this.jdbcTemplate = jdbcTemplate;
    }

    public ResultSet findByName(String name) throws SQLException {
        Statement stmt = conn.createStatement();
        // ruleid: jdbc-sql-concatenation
        return stmt.executeQuery("SELECT * FROM users WHERE name = '" + name + "'");
    }

    public int deleteByEmail(String email) throws SQLException {
        String sql = "DELETE FROM users WHERE email = '" + email + "'";
        try (Statement stmt = conn.createStatement()) {
            // ruleid: jdbc-sql-concatenation
            return stmt.executeUpdate(sql);
        }
    }

    public PreparedStatement search(String column, String order) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM users";
        sql += " ORDER BY " + column + " " + order;
        // ruleid: jdbc-sql-concatenation
        return conn.prepareStatement(sql);
    }

    public ResultSet formatted(String status) throws SQLException {
        // ruleid: jdbc-sql-concatenation
        return conn.createStatement().executeQuery(String.format("SELECT id FROM orders WHERE status = '%s'", status));
    }

    public void batch(Statement stmt, List<String> names) throws SQLException {
        for (String n : names) {
            // ruleid: jdbc-sql-concatenation
            stmt.addBatch("INSERT INTO audit(name) VALUES ('" + n + "')");
        }
        stmt.executeBatch();
    }

    public ResultSet builder(String region, String sort) throws SQLException {
        StringBuilder sb = new StringBuilder("SELECT * FROM stores WHERE 1=1");
        sb.append(" AND region = '").append(region).append("'");
        sb.append(" ORDER BY ").append(sort);
        // ruleid: jdbc-sql-concatenation
        return conn.createStatement().executeQuery(sb.toString());
    }

    public List<Map<String, Object>> springQuery(String city) {
        // ruleid: jdbc-sql-concatenation
        return jdbcTemplate.queryForList("SELECT * FROM customers WHERE city = '" + city + "'");
    }

    public int springUpdate(String id, String state) {
        // ruleid: jdbc-sql-concatenation
        return jdbcTemplate.update("UPDATE tickets SET state = '" + state + "' WHERE id = " + id);
    }

    public Integer springCount(String tenant) {
        String sql = String.format("SELECT COUNT(*) FROM %s_events", tenant);
        // ruleid: jdbc-sql-concatenation
        return jdbcTemplate.queryForObject(sql, Integer.class);
    }

    public void call(String proc) throws SQLException {
        // ruleid: jdbc-sql-concatenation
        conn.prepareCall("{call " + proc + "(?)}").execute();
    }

    public ResultSet safeFind(String name) throws SQLException {
        // ok: jdbc-sql-concatenation
        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");
        ps.setString(1, name);
        // ok: jdbc-sql-concatenation
        return ps.executeQuery();
    }

    public ResultSet safeConstants() throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM " + TABLE + " WHERE active = 1";
        // ok: jdbc-sql-concatenation
        return conn.createStatement().executeQuery(sql);
    }

    public int safeSpring(String id) {
        // ok: jdbc-sql-concatenation
        return jdbcTemplate.update("UPDATE tickets SET state = 'closed' WHERE id = ?", id);
    }

    public List<Map<String, Object>> safeFormat() {
        // ok: jdbc-sql-concatenation
        return jdbcTemplate.queryForList(String.format("SELECT %s FROM %s", COLUMNS, TABLE));
    }

    public void safeMultiline(String id) throws SQLException {
        // ok: jdbc-sql-concatenation
        PreparedStatement ps = conn.prepareStatement("SELECT id, name "
                + "FROM users "
                + "WHERE id = ?");
        ps.setString(1, id);
        ps.execute();
    }

    public void logOnly(String user, Runnable task, java.util.concurrent.Executor executor) {
        StringBuilder log = new StringBuilder();
        log.append("user=").append(user);
        String sql = "SELECT 1";
        // ok: jdbc-sql-concatenation
        jdbcTemplate.execute(sql);
        // ok: jdbc-sql-concatenation
        executor.execute(task);
    }

    public void remote(String path, String tag) {
        StringBuilder sb = new StringBuilder("/deploy?path=");
        sb.append(path).append("&tag=").append(tag);
        // ok: jdbc-sql-concatenation
        execute(sb.toString());
    }

    private void execute(String url) {
    }

    public void counters(java.util.concurrent.atomic.LongAdder total, Gauge gauge, long[] samples) {
        long used = 0;
        for (long s : samples) {
            used += s;
        }
        // ok: jdbc-sql-concatenation
        gauge.update(used);
    }

    interface Gauge {
        void update(long value);
    }

    public ResultSet byNumericId(long id) throws SQLException {
        // todook: jdbc-sql-concatenation
        return conn.createStatement().executeQuery("SELECT * FROM users WHERE id = " + id);
    }
}
