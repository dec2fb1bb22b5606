package com.example.xml;

import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;

public class StaxReader {
    public XMLStreamReader open(InputStream in) throws Exception {
        // ruleid: xml-input-factory-xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.IS_COALESCING, true);
        return xif.createXMLStreamReader(in);
    }

    public XMLStreamReader openChained(InputStream in) throws Exception {
        // ruleid: xml-input-factory-xxe
        return XMLInputFactory.newFactory().createXMLStreamReader(in);
    }

    public XMLStreamReader dtdOn(InputStream in) throws Exception {
        // ruleid: xml-input-factory-xxe
        XMLInputFactory xif = XMLInputFactory.newDefaultFactory();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, true);
        return xif.createXMLStreamReader(in);
    }

    public XMLStreamReader safe(InputStream in) throws Exception {
        // ok: xml-input-factory-xxe
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return xif.createXMLStreamReader(in);
    }

    public XMLStreamReader safeEntities(InputStream in) throws Exception {
        // ok: xml-input-factory-xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty("javax.xml.stream.isSupportingExternalEntities", Boolean.FALSE);
        return xif.createXMLStreamReader(in);
    }

    public XMLStreamReader safeAccess(InputStream in) throws Exception {
        // ok: xml-input-factory-xxe
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return xif.createXMLStreamReader(in);
    }
}
