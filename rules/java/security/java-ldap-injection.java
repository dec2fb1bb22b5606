import javax.naming.directory.*;
import javax.servlet.http.*;

public class LdapExamples {
    void find(HttpServletRequest request, DirContext ctx) throws Exception {
        String user = request.getParameter("user");
        String filter = "(&(objectclass=person)(uid=" + user + "))";
        SearchControls sc = new SearchControls();
        // ruleid: java-ldap-injection
        ctx.search("ou=users,ou=system", filter, sc);
        // ok: java-ldap-injection
        ctx.search("ou=users,ou=system", "(&(objectclass=person)(uid={0}))", new Object[] {user}, sc);
        String encoded = org.owasp.esapi.ESAPI.encoder().encodeForLDAP(user);
        // ok: java-ldap-injection
        ctx.search("ou=users,ou=system", "(uid=" + encoded + ")", sc);
    }
}
