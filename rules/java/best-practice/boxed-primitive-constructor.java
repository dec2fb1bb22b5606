package com.example.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

public class Counters {

    private final Map<String, Integer> counts = new HashMap<>();

    public void increment(String key) {
        Integer current = counts.get(key);
        // ruleid: boxed-primitive-constructor
        counts.put(key, current == null ? new Integer(1) : new Integer(current + 1));
    }

    public Object parse(String text) {
        // ruleid: boxed-primitive-constructor
        Long id = new Long(text);
        // ruleid: boxed-primitive-constructor
        Boolean flag = new java.lang.Boolean("true");
        // ruleid: boxed-primitive-constructor
        Double ratio = new Double(0.5);
        return id + ratio + (flag ? 1 : 0);
    }

    public Object chars(String s) {
        // ruleid: boxed-primitive-constructor
        Character first = new Character('a');
        // ok: boxed-primitive-constructor
        Character c = Character.valueOf(s.charAt(0));
        // ok: boxed-primitive-constructor
        Object hero = new Character("Player_1", 3);
        return first.equals(c) && hero != null;
    }

    public void incrementSafe(String key) {
        // ok: boxed-primitive-constructor
        counts.merge(key, Integer.valueOf(1), Integer::sum);
    }

    public Object parseSafe(String text) {
        // ok: boxed-primitive-constructor
        long id = Long.parseLong(text);
        // ok: boxed-primitive-constructor
        AtomicInteger seq = new AtomicInteger(0);
        // ok: boxed-primitive-constructor
        Integer boxed = 42;
        return id + seq.get() + boxed;
    }
}
