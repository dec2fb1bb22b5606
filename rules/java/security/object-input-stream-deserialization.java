package com.example.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.net.Socket;
import org.apache.commons.lang3.SerializationUtils;

public class SessionCodec {
    public Object decode(byte[] data) throws IOException, ClassNotFoundException {
        // ruleid: object-input-stream-deserialization
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data))) {
            return in.readObject();
        }
    }

    public Object fromSocket(Socket socket) throws Exception {
        // ruleid: object-input-stream-deserialization
        return new ObjectInputStream(socket.getInputStream()).readObject();
    }

    public Object commons(byte[] cookie) {
        // ruleid: object-input-stream-deserialization
        return SerializationUtils.deserialize(cookie);
    }

    public Object filtered(InputStream raw) throws Exception {
        // ok: object-input-stream-deserialization
        ObjectInputStream in = new ObjectInputStream(raw);
        in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.dto.*;!*"));
        return in.readObject();
    }

    public Object subclassed(InputStream raw) throws Exception {
        // ok: object-input-stream-deserialization
        ObjectInputStream in = new ObjectInputStream(raw) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (!desc.getName().startsWith("com.example.dto.")) {
                    throw new java.io.InvalidClassException(desc.getName(), "not allowed");
                }
                return super.resolveClass(desc);
            }
        };
        return in.readObject();
    }

    public Object validating(InputStream raw) throws Exception {
        // ok: object-input-stream-deserialization
        try (org.apache.commons.io.serialization.ValidatingObjectInputStream in =
                new org.apache.commons.io.serialization.ValidatingObjectInputStream(raw)) {
            in.accept(SessionData.class);
            return in.readObject();
        }
    }

    static class SessionData implements java.io.Serializable {
    }
}
