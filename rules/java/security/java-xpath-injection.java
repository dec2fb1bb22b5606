import javax.servlet.http.*;
import javax.xml.xpath.*;

public class XpathExamples {
    void find(HttpServletRequest request, org.w3c.dom.Document doc) throws Exception {
        String id = request.getParameter("id");
        XPath xp = XPathFactory.newInstance().newXPath();
        String expression = "/Employees/Employee[@emplid='" + id + "']";
        // ruleid: java-xpath-injection
        xp.compile(expression).evaluate(doc);
        // ruleid: java-xpath-injection
        String name = xp.evaluate(expression, doc);
        // ok: java-xpath-injection
        xp.evaluate("/Employees/Employee[@emplid='4321']", doc);
        // ok: java-xpath-injection
        xp.evaluate("/Employees/Employee[@emplid='" + Integer.parseInt(id) + "']", doc);
    }
}
