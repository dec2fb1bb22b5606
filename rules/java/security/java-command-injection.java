import java.util.*;
import javax.servlet.http.*;

public class CommandExamples {
    void run(HttpServletRequest request) throws Exception {
        String host = request.getParameter("host");
        Runtime r = Runtime.getRuntime();
        // ruleid: java-command-injection
        r.exec("ping -c 1 " + host);
        String[] args = {"sh", "-c", "ls " + host};
        // ruleid: java-command-injection
        Runtime.getRuntime().exec(args);
        String[] env = {"HOST=" + host};
        // ruleid: java-command-injection
        r.exec("ping", env);
        List<String> argList = new ArrayList<>();
        argList.add("ls");
        argList.add(host);
        ProcessBuilder pb = new ProcessBuilder();
        // ruleid: java-command-injection
        pb.command(argList);
        // ruleid: java-command-injection
        new ProcessBuilder("nslookup", host).start();
    }

    void safe(HttpServletRequest request) throws Exception {
        String host = request.getParameter("host");
        // ok: java-command-injection
        Runtime.getRuntime().exec("uptime");
        int count = Integer.parseInt(request.getParameter("count"));
        // ok: java-command-injection
        new ProcessBuilder("ping", "-c", String.valueOf(count), "localhost").start();
        String bar = "safe";
        if (host.isEmpty()) {
            bar = host;
        }
        List<String> argList = new ArrayList<>();
        argList.add("ls");
        argList.add(host);
        // ok: java-command-injection
        new ProcessBuilder(argList.get(0)).start();
        // ruleid: java-command-injection
        new ProcessBuilder(bar).start();
    }
}
