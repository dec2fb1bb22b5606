package com.example.xml;

import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.transform.Source;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;

public class ReportRenderer {
    public String render(Source xslt, Source data) throws Exception {
        // ruleid: transformer-factory-xxe
        TransformerFactory tf = TransformerFactory.newInstance();
        Transformer t = tf.newTransformer(xslt);
        StringWriter out = new StringWriter();
        t.transform(data, new StreamResult(out));
        return out.toString();
    }

    public Transformer identity() throws Exception {
        // ruleid: transformer-factory-xxe
        return javax.xml.transform.TransformerFactory.newInstance().newTransformer();
    }

    public Transformer safe(Source xslt) throws Exception {
        // ok: transformer-factory-xxe
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return tf.newTransformer(xslt);
    }

    public Transformer secureProcessing() throws Exception {
        // ok: transformer-factory-xxe
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        return tf.newTransformer();
    }
}
