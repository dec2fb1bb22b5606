package com.example.export;

import java.util.List;
import java.util.Map;

public class CsvExport {

    private String header = "";
    private int total;

    public String toCsv(List<List<String>> rows) {
        String out = "";
        for (List<String> row : rows) {
            // ruleid: java-string-concat-in-loop
            out += String.join(",", row) + "\n";
        }
        return out;
    }

    public String numbers(int n) {
        String s = "";
        int i = 0;
        while (i < n) {
            // ruleid: java-string-concat-in-loop
            s = s + i + ",";
            i++;
        }
        return s;
    }

    public void buildHeader(Map<String, String> cols) {
        for (String name : cols.keySet()) {
            // ruleid: java-string-concat-in-loop
            header += name + ";";
        }
    }

    public String toCsvFast(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        for (List<String> row : rows) {
            // ok: java-string-concat-in-loop
            sb.append(String.join(",", row)).append('\n');
        }
        return sb.toString();
    }

    public int sum(List<Integer> values) {
        int acc = 0;
        for (int v : values) {
            // ok: java-string-concat-in-loop
            acc += v;
            // ok: java-string-concat-in-loop
            total += v;
        }
        return acc;
    }

    public String once(String a, String b) {
        String s = a;
        // ok: java-string-concat-in-loop
        s += b;
        return s;
    }

    public void perRow(List<String> rows) {
        for (String row : rows) {
            String line = row.trim();
            // ok: java-string-concat-in-loop
            line += ";";
            System.out.println(line);
        }
    }

    public long shadow(List<Long> sizes) {
        long header = 0;
        for (long sz : sizes) {
            // ok: java-string-concat-in-loop
            header += sz;
        }
        return header;
    }
}
