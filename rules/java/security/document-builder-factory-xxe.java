package com.example.xml;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

public class InvoiceParser {
    public Document parse(InputStream in) throws Exception {
        // ruleid: document-builder-factory-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document chained(InputStream in) throws Exception {
        // ruleid: document-builder-factory-xxe
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }

    public Document onlyXInclude(InputStream in) throws Exception {
        // ruleid: document-builder-factory-xxe
        DocumentBuilderFactory dbf = javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance();
        dbf.setXIncludeAware(false);
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document hardened(InputStream in) throws Exception {
        // ok: document-builder-factory-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document secureProcessing(InputStream in) throws Exception {
        // ok: document-builder-factory-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document externalEntitiesOff(InputStream in) throws Exception {
        // ok: document-builder-factory-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        dbf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        dbf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return dbf.newDocumentBuilder().parse(in);
    }

    public Document configuredElsewhere(InputStream in) throws Exception {
        // todook: document-builder-factory-xxe
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        XmlSecurity.harden(dbf);
        return dbf.newDocumentBuilder().parse(in);
    }
}

class SharedParser {
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    // ok: document-builder-factory-xxe
    private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();

    static {
        try {
            FACTORY.setFeature(DISALLOW_DOCTYPE, true);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    DocumentBuilder builder() throws Exception {
        return FACTORY.newDocumentBuilder();
    }
}

final class XmlSecurity {
    static void harden(DocumentBuilderFactory dbf) throws Exception {
        dbf.setExpandEntityReferences(false);
    }
}
