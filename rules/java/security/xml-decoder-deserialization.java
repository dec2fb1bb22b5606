package com.example.config;

import java.beans.XMLDecoder;
import java.beans.XMLEncoder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;

public class SettingsStore {
    public Object load(InputStream upload) {
        // ruleid: xml-decoder-deserialization
        try (XMLDecoder decoder = new XMLDecoder(upload)) {
            return decoder.readObject();
        }
    }

    public Object loadQualified(InputStream in) {
        // ruleid: xml-decoder-deserialization
        java.beans.XMLDecoder d = new java.beans.XMLDecoder(in, null, null);
        return d.readObject();
    }

    public byte[] save(Object settings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // ok: xml-decoder-deserialization
        try (XMLEncoder encoder = new XMLEncoder(out)) {
            encoder.writeObject(settings);
        }
        return out.toByteArray();
    }
}
