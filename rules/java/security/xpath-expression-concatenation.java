package com.example.auth;

import java.util.List;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathFactory;
import org.dom4j.Node;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

public class XmlUserStore {
    private final XPath xpath = XPathFactory.newInstance().newXPath();
    private final Document doc;
    private final org.dom4j.Document dom4j;

    public XmlUserStore(Document doc, org.dom4j.Document dom4j) {
        this.doc = doc;
        this.dom4j = dom4j;
    }

    public boolean login(String user, String password) throws Exception {
        // ruleid: xpath-expression-concatenation
        String found = xpath.evaluate("//user[@name='" + user + "' and @password='" + password + "']/@id", doc);
        return !found.isEmpty();
    }

    public NodeList orders(String customer) throws Exception {
        String expr = "/orders/order[customer='" + customer + "']";
        // ruleid: xpath-expression-concatenation
        XPathExpression compiled = xpath.compile(expr);
        return (NodeList) compiled.evaluate(doc, XPathConstants.NODESET);
    }

    public List<Node> dom4jLookup(String role) {
        // ruleid: xpath-expression-concatenation
        return dom4j.selectNodes(String.format("//user[role='%s']", role));
    }

    public String safe(String user) throws Exception {
        xpath.setXPathVariableResolver(v -> "name".equals(v.getLocalPart()) ? user : null);
        // ok: xpath-expression-concatenation
        return xpath.evaluate("//user[@name=$name]/@id", doc);
    }

    public NodeList safeConstant() throws Exception {
        // ok: xpath-expression-concatenation
        return (NodeList) xpath.evaluate("/orders/order" + "[@open='true']", doc, XPathConstants.NODESET);
    }

    public boolean notXpath(String path) {
        // ok: xpath-expression-concatenation
        return java.util.regex.Pattern.compile("^/api/" + path).matcher("/api/x").matches();
    }
}
