package com.example.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public class GitClient {
    private static final String GIT = "/usr/bin/git";
    private final ProcessBuilder builder = new ProcessBuilder();

    public Process cloneRepo(String url) throws IOException {
        // ruleid: process-builder-non-constant
        return new ProcessBuilder("git", "clone", url).start();
    }

    public Process shell(String script) throws IOException {
        // ruleid: process-builder-non-constant
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", script);
        pb.redirectErrorStream(true);
        return pb.start();
    }

    public Process fromList(List<String> argv) throws IOException {
        // ruleid: process-builder-non-constant
        return new ProcessBuilder(argv).inheritIO().start();
    }

    public Process asList(String branch) throws IOException {
        // ruleid: process-builder-non-constant
        return new ProcessBuilder(Arrays.asList(GIT, "checkout", branch)).start();
    }

    public Process built(String file) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("convert");
        cmd.add(file);
        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: process-builder-non-constant
        pb.command(cmd);
        return pb.start();
    }

    public Process viaField(String tool) throws IOException {
        // ruleid: process-builder-non-constant
        builder.command("sh", "-c", tool + " --version");
        return builder.start();
    }

    public Process chained(String[] argv) throws IOException {
        // ruleid: process-builder-non-constant
        return new ProcessBuilder().command(argv).start();
    }

    public void safe() throws IOException {
        // ok: process-builder-non-constant
        new ProcessBuilder("git", "status", "--short").start();
        // ok: process-builder-non-constant
        new ProcessBuilder(GIT, "fetch", "--all").start();
        // ok: process-builder-non-constant
        new ProcessBuilder(Arrays.asList("ls", "-l")).start();
        // ok: process-builder-non-constant
        new ProcessBuilder(List.of("uptime")).start();
        String[] fixed = {"df", "-h"};
        // ok: process-builder-non-constant
        new ProcessBuilder(fixed).start();
        ProcessBuilder pb = new ProcessBuilder();
        // ok: process-builder-non-constant
        pb.command("id", "-u");
    }

    public void notAProcess(CommandBus bus, String name) {
        // ok: process-builder-non-constant
        bus.command(name);
    }

    interface CommandBus {
        void command(String name);
    }
}
