package com.example.dao;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;

public class UserDao {

    private final DataSource dataSource;
    private final String url;
    private Connection shared;

    public UserDao(DataSource dataSource, String url) {
        this.dataSource = dataSource;
        this.url = url;
    }

    public String findName(long id) throws SQLException {
        // ruleid: jdbc-connection-not-closed
        Connection conn = dataSource.getConnection();
        try (PreparedStatement ps = conn.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void touch(long id) throws SQLException {
        // ruleid: jdbc-connection-not-closed
        Connection c = DriverManager.getConnection(url, "app", System.getenv("DB_PASSWORD"));
        c.createStatement().executeUpdate("UPDATE users SET seen = now() WHERE id = " + id);
    }

    public int purge() throws SQLException {
        // ruleid: jdbc-connection-not-closed
        return DriverManager.getConnection(url).createStatement().executeUpdate("DELETE FROM sessions");
    }

    public void legacy() throws SQLException {
        Connection conn = null;
        // ruleid: jdbc-connection-not-closed
        conn = this.dataSource.getConnection();
        conn.setAutoCommit(false);
        conn.commit();
    }

    public String findNameSafe(long id) throws SQLException {
        // ok: jdbc-connection-not-closed
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT name FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public void legacySafe() throws SQLException {
        Connection conn = null;
        try {
            // ok: jdbc-connection-not-closed
            conn = dataSource.getConnection();
            conn.commit();
        } finally {
            if (conn != null) {
                conn.close();
            }
        }
    }

    public void spring() throws SQLException {
        // ok: jdbc-connection-not-closed
        Connection con = DataSourceUtils.getConnection(dataSource);
        try {
            con.createStatement().execute("SELECT 1");
        } finally {
            DataSourceUtils.releaseConnection(con, dataSource);
        }
    }

    public Connection open() throws SQLException {
        // ruleid: jdbc-connection-not-closed
        Connection conn = DriverManager.getConnection(url);
        conn.setAutoCommit(false);
        return conn;
    }

    public Connection openSafely() throws SQLException {
        // ok: jdbc-connection-not-closed
        Connection conn = DriverManager.getConnection(url);
        try {
            conn.setAutoCommit(false);
            return conn;
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
    }

    public void connectShared() throws SQLException {
        // ok: jdbc-connection-not-closed
        shared = dataSource.getConnection();
    }

    public Connection direct() throws SQLException {
        // ok: jdbc-connection-not-closed
        return dataSource.getConnection();
    }

    public void session(org.hibernate.Session session) {
        // ok: jdbc-connection-not-closed
        Object meta = session.getConnectionInfo();
    }

    public void stubbed(DataSource mockDs, Connection mockConn) throws SQLException {
        // ok: jdbc-connection-not-closed
        org.mockito.Mockito.when(mockDs.getConnection()).thenReturn(mockConn);
    }

    public int countRows(org.apache.commons.dbutils.QueryRunner runner) throws SQLException {
        // ruleid: jdbc-connection-not-closed
        return runner.query(dataSource.getConnection(), "SELECT count(*) FROM users", rs -> rs.next() ? rs.getInt(1) : 0);
    }

    public void fromHelper() throws SQLException {
        // todoruleid: jdbc-connection-not-closed
        Connection conn = connect();
        conn.commit();
    }

    private Connection connect() throws SQLException {
        return dataSource.getConnection();
    }
}
