package com.example.repo;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;
import java.util.List;
import org.hibernate.Session;

public class OrderDao {
    private static final String BASE = "SELECT o FROM Order o";
    private final EntityManager em;
    private final Session session;

    public OrderDao(EntityManager em, Session session) {
        this.em = em;
        this.session = session;
    }

    public List<?> byCustomer(String customer) {
        // ruleid: jpa-query-concatenation
        return em.createQuery("SELECT o FROM Order o WHERE o.customer = '" + customer + "'").getResultList();
    }

    public List<?> nativeSorted(String column) {
        String sql = "SELECT * FROM orders ORDER BY " + column;
        // ruleid: jpa-query-concatenation
        Query q = em.createNativeQuery(sql);
        return q.getResultList();
    }

    public List<?> hql(String status) {
        // ruleid: jpa-query-concatenation
        return session.createQuery(String.format("from Order where status = '%s'", status)).list();
    }

    public List<?> built(String region) {
        StringBuilder jpql = new StringBuilder(BASE);
        jpql.append(" WHERE o.region = '").append(region).append("'");
        // ruleid: jpa-query-concatenation
        return em.createQuery(jpql.toString()).getResultList();
    }

    public List<?> safe(String customer) {
        // ok: jpa-query-concatenation
        TypedQuery<Object> q = em.createQuery("SELECT o FROM Order o WHERE o.customer = :c", Object.class);
        q.setParameter("c", customer);
        // ok: jpa-query-concatenation
        Query all = em.createQuery(BASE + " ORDER BY o.id");
        return q.getResultList();
    }

    public List<?> safeNamed() {
        // ok: jpa-query-concatenation
        return em.createNamedQuery("Order.findAll").getResultList();
    }
}
