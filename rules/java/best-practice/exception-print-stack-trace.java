package com.example.importer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

public class CsvImporter {

    private static final Logger LOG = Logger.getLogger(CsvImporter.class.getName());

    public void importFile(Path file) {
        try {
            Files.readAllLines(file).forEach(this::importLine);
        } catch (IOException e) {
            // ruleid: exception-print-stack-trace
            e.printStackTrace();
        }
    }

    public void importQuiet(Path file) {
        try {
            Files.readAllLines(file);
        } catch (IOException ex) {
            // ruleid: exception-print-stack-trace
            ex.printStackTrace(System.out);
        }
    }

    public void importLine(String line) {
        try {
            Integer.parseInt(line);
        } catch (NumberFormatException e) {
            // ruleid: exception-print-stack-trace
            new IllegalArgumentException("bad line: " + line, e).printStackTrace();
        }
    }

    public void importLogged(Path file) {
        try {
            Files.readAllLines(file);
        } catch (IOException e) {
            // ok: exception-print-stack-trace
            LOG.log(Level.SEVERE, "cannot import " + file, e);
        }
    }

    public String traceAsString(Throwable t) {
        StringWriter sw = new StringWriter();
        // ok: exception-print-stack-trace
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
