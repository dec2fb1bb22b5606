package com.example.profile;

import java.util.Map;
import java.util.Optional;

public class ProfileView {

    public String city(User user) {
        try {
            return user.getAddress().getCity();
        // ruleid: catch-null-pointer-exception
        } catch (NullPointerException e) {
            return "unknown";
        }
    }

    public int size(Map<String, Object> attrs) {
        try {
            return attrs.size();
        // ruleid: catch-null-pointer-exception
        } catch (IllegalStateException | java.lang.NullPointerException e) {
            return 0;
        }
    }

    public String citySafe(User user) {
        // ok: catch-null-pointer-exception
        return Optional.ofNullable(user.getAddress()).map(Address::getCity).orElse("unknown");
    }

    public String name(User user) {
        try {
            return user.getName().trim();
        // ok: catch-null-pointer-exception
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    public void contract(User user) {
        try {
            city(null);
            throw new AssertionError("expected an NPE");
        // ok: catch-null-pointer-exception
        } catch (NullPointerException expected) {
            return;
        }
    }

    public void require(Object value) {
        if (value == null) {
            // ok: catch-null-pointer-exception
            throw new NullPointerException("value");
        }
    }

    interface User {
        Address getAddress();
        String getName();
    }

    interface Address {
        String getCity();
    }
}
