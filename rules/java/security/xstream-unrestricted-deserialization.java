package com.example.api;

import com.thoughtworks.xstream.XStream;
import java.io.InputStream;

public class OrderImporter {
    private final XStream xstream = new XStream();

    public Order importOrder(String xml) {
        // ruleid: xstream-unrestricted-deserialization
        return (Order) xstream.fromXML(xml);
    }

    public Object importStream(InputStream in) {
        // ruleid: xstream-unrestricted-deserialization
        return new XStream().fromXML(in);
    }

    public String export(Order order) {
        // ok: xstream-unrestricted-deserialization
        return xstream.toXML(order);
    }

    static class Order {
    }
}

class SafeOrderImporter {
    private final XStream xstream;

    SafeOrderImporter() {
        xstream = new XStream();
        xstream.addPermission(com.thoughtworks.xstream.security.NoTypePermission.NONE);
        xstream.allowTypes(new Class[] {OrderImporter.Order.class});
    }

    OrderImporter.Order read(String xml) {
        // ok: xstream-unrestricted-deserialization
        return (OrderImporter.Order) xstream.fromXML(xml);
    }
}
