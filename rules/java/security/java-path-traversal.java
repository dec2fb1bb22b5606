import java.io.*;
import java.nio.file.*;
import javax.servlet.http.*;

public class PathExamples {
    static final String BASE = "/srv/files/";

    void read(HttpServletRequest request) throws IOException {
        String name = request.getParameter("file");
        // ruleid: java-path-traversal
        File f = new File(BASE + name);
        // ruleid: java-path-traversal
        FileInputStream in = new FileInputStream(new File(BASE, name));
        // ruleid: java-path-traversal
        Path p = Paths.get(BASE, name);
        // ok: java-path-traversal
        File fixed = new File(BASE + "index.html");
        // ok: java-path-traversal
        FileInputStream named = new FileInputStream(BASE + org.apache.commons.io.FilenameUtils.getName(name));
    }

    byte[] contained(HttpServletRequest request) throws IOException {
        Path base = Paths.get("/srv/files").toRealPath();
        Path target = base.resolve(request.getParameter("file")).normalize();
        if (!target.startsWith(base)) {
            throw new SecurityException("outside " + base);
        }
        // ok: java-path-traversal
        return Files.readAllBytes(target);
    }

    byte[] notNormalized(HttpServletRequest request) throws IOException {
        Path base = Paths.get("/srv/files");
        Path target = base.resolve(request.getParameter("file"));
        if (!target.startsWith(base)) {
            throw new SecurityException("outside " + base);
        }
        // ruleid: java-path-traversal
        return Files.readAllBytes(target);
    }
}
