package com.example.xml;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;
import org.xml.sax.helpers.XMLReaderFactory;

public class FeedReader {
    public void read(InputStream in, DefaultHandler handler) throws Exception {
        // ruleid: sax-parser-factory-xxe
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setNamespaceAware(true);
        SAXParser parser = spf.newSAXParser();
        parser.parse(in, handler);
    }

    public void chained(InputStream in, DefaultHandler handler) throws Exception {
        // ruleid: sax-parser-factory-xxe
        SAXParserFactory.newInstance().newSAXParser().parse(in, handler);
    }

    public XMLReader legacyReader() throws Exception {
        // ruleid: sax-parser-factory-xxe
        return XMLReaderFactory.createXMLReader();
    }

    public void hardened(InputStream in, DefaultHandler handler) throws Exception {
        // ok: sax-parser-factory-xxe
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        spf.newSAXParser().parse(in, handler);
    }

    public void noExternal(InputStream in, DefaultHandler handler) throws Exception {
        // ok: sax-parser-factory-xxe
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        spf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        spf.newSAXParser().parse(in, handler);
    }

    public void restricted(InputStream in, DefaultHandler handler) throws Exception {
        // ok: sax-parser-factory-xxe
        SAXParser parser = SAXParserFactory.newInstance().newSAXParser();
        parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        parser.parse(in, handler);
    }
}
