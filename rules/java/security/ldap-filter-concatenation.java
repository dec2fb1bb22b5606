package com.example.directory;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.List;
import javax.naming.NamingEnumeration;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import org.springframework.ldap.core.AttributesMapper;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.support.LdapEncoder;

public class UserDirectory {
    private static final String PEOPLE = "ou=people,dc=example,dc=com";
    private final DirContext ctx;
    private final LdapTemplate ldapTemplate;

    public UserDirectory(DirContext ctx, LdapTemplate ldapTemplate) {
        this.ctx = ctx;
        this.ldapTemplate = ldapTemplate;
    }

    public NamingEnumeration<SearchResult> find(String user) throws Exception {
        SearchControls sc = new SearchControls();
        // ruleid: ldap-filter-concatenation
        return ctx.search(PEOPLE, "(&(objectClass=person)(uid=" + user + "))", sc);
    }

    public NamingEnumeration<SearchResult> login(String user, String password) throws Exception {
        String filter = "(&(uid=" + user + ")(userPassword=" + password + "))";
        // ruleid: ldap-filter-concatenation
        return ctx.search(PEOPLE, filter, new SearchControls());
    }

    public List<Object> spring(String mail, AttributesMapper<Object> mapper) {
        // ruleid: ldap-filter-concatenation
        return ldapTemplate.search("", String.format("(mail=%s)", mail), mapper);
    }

    public com.unboundid.ldap.sdk.SearchResult unbound(LDAPConnection conn, String group) throws Exception {
        // ruleid: ldap-filter-concatenation
        Filter f = Filter.create("(memberOf=cn=" + group + ",ou=groups,dc=example,dc=com)");
        return conn.search(PEOPLE, SearchScope.SUB, f);
    }

    public NamingEnumeration<SearchResult> safe(String user) throws Exception {
        SearchControls sc = new SearchControls();
        // ok: ldap-filter-concatenation
        return ctx.search(PEOPLE, "(&(objectClass=person)(uid={0}))", new Object[] {user}, sc);
    }

    public NamingEnumeration<SearchResult> safeEscaped(String user) throws Exception {
        // ok: ldap-filter-concatenation
        return ctx.search(PEOPLE, "(uid=" + LdapEncoder.filterEncode(user) + ")", new SearchControls());
    }

    public NamingEnumeration<SearchResult> safeConstant() throws Exception {
        // ok: ldap-filter-concatenation
        return ctx.search(PEOPLE, "(objectClass=" + "person" + ")", new SearchControls());
    }

    public List<String> notLdap(SearchIndex index, String term) {
        // ok: ldap-filter-concatenation
        return index.search("title:" + term);
    }

    interface SearchIndex {
        List<String> search(String query);
    }
}
