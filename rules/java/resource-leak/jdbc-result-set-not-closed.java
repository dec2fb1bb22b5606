package com.example.dao;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.dbutils.DbUtils;

public class OrderDao {

    private final Connection conn;
    private final PreparedStatement byCustomer;

    public OrderDao(Connection conn) throws SQLException {
        this.conn = conn;
        this.byCustomer = conn.prepareStatement("SELECT id FROM orders WHERE customer = ?");
    }

    public List<Long> forCustomer(long customer) throws SQLException {
        byCustomer.setLong(1, customer);
        // ruleid: jdbc-result-set-not-closed
        ResultSet rs = byCustomer.executeQuery();
        List<Long> ids = new ArrayList<>();
        while (rs.next()) {
            ids.add(rs.getLong(1));
        }
        return ids;
    }

    public boolean exists(Statement st, long id) throws SQLException {
        // ruleid: jdbc-result-set-not-closed
        return st.executeQuery("SELECT 1 FROM orders WHERE id = " + id).next();
    }

    public long insert(PreparedStatement insert) throws SQLException {
        insert.executeUpdate();
        // ruleid: jdbc-result-set-not-closed
        ResultSet keys = insert.getGeneratedKeys();
        keys.next();
        return keys.getLong(1);
    }

    public Order first(PreparedStatement ps) throws SQLException {
        // ruleid: jdbc-result-set-not-closed
        ResultSet rs = ps.executeQuery();
        return mapRow(rs);
    }

    public ResultSet proxied(Statement delegate, String sql) throws SQLException {
        // ok: jdbc-result-set-not-closed
        ResultSet rs = delegate.executeQuery(sql);
        return ProxyFactory.getProxyResultSet(this, rs);
    }

    private Order mapRow(ResultSet rs) throws SQLException {
        return rs.next() ? new Order(rs.getLong(1)) : null;
    }

    record Order(long id) {}

    static final class ProxyFactory {
        static ResultSet getProxyResultSet(Object owner, ResultSet rs) {
            return rs;
        }
    }

    public List<Long> forCustomerSafe(long customer) throws SQLException {
        byCustomer.setLong(1, customer);
        // ok: jdbc-result-set-not-closed
        try (ResultSet rs = byCustomer.executeQuery()) {
            List<Long> ids = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
            return ids;
        }
    }

    public int count() throws SQLException {
        try (Statement st = conn.createStatement()) {
            // ok: jdbc-result-set-not-closed
            ResultSet rs = st.executeQuery("SELECT count(*) FROM orders");
            rs.next();
            return rs.getInt(1);
        }
    }

    public int countLegacy() throws SQLException {
        Statement st = null;
        ResultSet rs = null;
        try {
            st = conn.createStatement();
            // ok: jdbc-result-set-not-closed
            rs = st.executeQuery("SELECT count(*) FROM orders");
            rs.next();
            return rs.getInt(1);
        } finally {
            DbUtils.closeQuietly(rs);
            DbUtils.closeQuietly(st);
        }
    }

    public int countInConnection(javax.sql.DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM orders");
            // ok: jdbc-result-set-not-closed
            ResultSet rs = ps.executeQuery();
            rs.next();
            return rs.getInt(1);
        }
    }

    public ResultSet raw(String sql) throws SQLException {
        // ok: jdbc-result-set-not-closed
        ResultSet rs = conn.createStatement().executeQuery(sql);
        return rs;
    }

    public void legacyStatementClosed() throws SQLException {
        Statement st = conn.createStatement();
        try {
            // ok: jdbc-result-set-not-closed
            ResultSet rs = st.executeQuery("SELECT 1");
            rs.next();
        } finally {
            st.close();
        }
    }
}
