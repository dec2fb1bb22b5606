package com.example.xml;

import java.io.File;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

public class SchemaLoader {
    public Schema load(File xsd) throws Exception {
        // ruleid: schema-factory-xxe
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        return sf.newSchema(new StreamSource(xsd));
    }

    public Schema fromUpload(javax.xml.transform.Source upload) throws Exception {
        // ruleid: schema-factory-xxe
        return javax.xml.validation.SchemaFactory.newDefaultInstance().newSchema(upload);
    }

    public Schema safe(File xsd) throws Exception {
        // ok: schema-factory-xxe
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        sf.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return sf.newSchema(new StreamSource(xsd));
    }

    public Schema secureProcessing(File xsd) throws Exception {
        // ok: schema-factory-xxe
        SchemaFactory sf = SchemaFactory.newDefaultInstance();
        sf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return sf.newSchema(xsd);
    }
}
