package com.example.jobs;

import java.io.File;
import java.io.FileOutputStream;
import java.io.FileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

public class JobRunner {
    public void lock() throws IOException {
        // ruleid: predictable-tmp-file-path
        File lock = new File("/tmp/jobrunner.lock");
        lock.createNewFile();
    }

    public void dump(byte[] data, String jobId) throws IOException {
        // ruleid: predictable-tmp-file-path
        try (FileOutputStream out = new FileOutputStream("/tmp/dump-" + jobId + ".bin")) {
            out.write(data);
        }
    }

    public void log(String line) throws IOException {
        // ruleid: predictable-tmp-file-path
        try (FileWriter w = new FileWriter("/var/tmp/jobs.log", true)) {
            w.write(line);
        }
    }

    public Path nio() {
        // ruleid: predictable-tmp-file-path
        return Paths.get("/tmp", "jobs", "state.json");
    }

    public File tmpdir() {
        // ruleid: predictable-tmp-file-path
        return new File(System.getProperty("java.io.tmpdir"), "jobrunner.pid");
    }

    public void safe(File baseDir) throws IOException {
        // ok: predictable-tmp-file-path
        Path tmp = Files.createTempFile("job-", ".json");
        // ok: predictable-tmp-file-path
        File state = new File(baseDir, "state.json");
        // ok: predictable-tmp-file-path
        File tmpLike = new File("/opt/app/tmpfiles/state.json");
        // ok: predictable-tmp-file-path
        Path dir = Files.createTempDirectory("job-");
    }
}
