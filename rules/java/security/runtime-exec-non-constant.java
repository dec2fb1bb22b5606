package com.example.ops;

import java.io.File;
import java.io.IOException;

public class BackupService {
    private static final String BACKUP_CMD = "/usr/local/bin/backup --all";
    private final Runtime runtime = Runtime.getRuntime();

    public Process archive(String userDir) throws IOException {
        // ruleid: runtime-exec-non-constant
        return Runtime.getRuntime().exec("tar czf /backups/out.tgz " + userDir);
    }

    public Process shell(String command) throws IOException {
        // ruleid: runtime-exec-non-constant
        return Runtime.getRuntime().exec(new String[] {"/bin/sh", "-c", command});
    }

    public Process ping(String host) throws IOException {
        // ruleid: runtime-exec-non-constant
        return runtime.exec(String.format("ping -c 1 %s", host));
    }

    public void run(String command, File workDir) throws IOException {
        Runtime rt = Runtime.getRuntime();
        // ruleid: runtime-exec-non-constant
        rt.exec(command, null, workDir);
    }

    public void runFromArray(String[] argv) throws IOException {
        // ruleid: runtime-exec-non-constant
        Runtime.getRuntime().exec(argv);
    }

    public void restart(Runtime r, String service) throws IOException {
        String cmd = "systemctl restart " + service;
        // ruleid: runtime-exec-non-constant
        r.exec(cmd);
    }

    public void safe() throws IOException {
        // ok: runtime-exec-non-constant
        Runtime.getRuntime().exec("/usr/bin/uptime");
        // ok: runtime-exec-non-constant
        Runtime.getRuntime().exec(new String[] {"ls", "-l", "/var/log"});
        // ok: runtime-exec-non-constant
        Runtime.getRuntime().exec(BACKUP_CMD);
        // ok: runtime-exec-non-constant
        runtime.exec("df " + "-h");
        String[] fixed = {"git", "status", "--short"};
        // ok: runtime-exec-non-constant
        runtime.exec(fixed);
    }

    public void otherExec(java.util.concurrent.Executor pool, Interpreter interp, String script) {
        // ok: runtime-exec-non-constant
        interp.exec(script);
    }

    interface Interpreter {
        void exec(String script);
    }
}
