package com.example.export;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class CsvExporter {
    private final File workDir;

    public CsvExporter(File workDir) {
        this.workDir = workDir;
    }

    public File export() throws IOException {
        // ruleid: file-create-temp-file-default-dir
        File tmp = File.createTempFile("export-", ".csv");
        tmp.deleteOnExit();
        return tmp;
    }

    public File exportNullDir() throws IOException {
        // ruleid: file-create-temp-file-default-dir
        return java.io.File.createTempFile("export-", ".csv", null);
    }

    public File safePrivateDir() throws IOException {
        // ok: file-create-temp-file-default-dir
        return File.createTempFile("export-", ".csv", workDir);
    }

    public Path safeNio() throws IOException {
        // ok: file-create-temp-file-default-dir
        return Files.createTempFile("export-", ".csv");
    }
}
