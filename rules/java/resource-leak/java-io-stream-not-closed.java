package com.example.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Scanner;
import java.util.zip.ZipFile;
import org.apache.commons.io.IOUtils;

public class ReportStore {

    private InputStream current;
    private final List<InputStream> open = new ArrayList<>();
    private BufferedReader in;

    public String firstLine(File file) throws IOException {
        // ruleid: java-io-stream-not-closed
        BufferedReader reader = new BufferedReader(new FileReader(file));
        return reader.readLine();
    }

    public byte[] readHeader(String path) throws IOException {
        // ruleid: java-io-stream-not-closed
        FileInputStream fis = new FileInputStream(path);
        byte[] header = new byte[16];
        fis.read(header);
        return header;
    }

    public void writeAll(File target, List<String> lines) throws IOException {
        // ruleid: java-io-stream-not-closed
        BufferedWriter writer = new BufferedWriter(new java.io.OutputStreamWriter(new FileOutputStream(target), StandardCharsets.UTF_8));
        for (String line : lines) {
            writer.write(line);
            writer.newLine();
        }
        writer.flush();
    }

    public Properties loadConfig(String path) throws IOException {
        Properties props = new Properties();
        // ruleid: java-io-stream-not-closed
        props.load(new FileInputStream(path));
        return props;
    }

    public void appendLog(File log, String msg) throws IOException {
        // ruleid: java-io-stream-not-closed
        new FileWriter(log, true).write(msg);
    }

    public int countEntries(File archive) throws IOException {
        // ruleid: java-io-stream-not-closed
        ZipFile zip = new ZipFile(archive);
        return zip.size();
    }

    public long tail(File file) throws IOException {
        // ruleid: java-io-stream-not-closed
        RandomAccessFile raf = new RandomAccessFile(file, "r");
        return raf.length();
    }

    public String slurp(String name) throws IOException {
        // ruleid: java-io-stream-not-closed
        Scanner scanner = new Scanner(new File(name), "UTF-8");
        return scanner.useDelimiter("\\A").next();
    }

    public String slurpChained(String name) throws IOException {
        // ruleid: java-io-stream-not-closed
        return new Scanner(new File(name)).useDelimiter("\\A").next();
    }

    public String firstLineNio(Path path) throws IOException {
        // ruleid: java-io-stream-not-closed
        BufferedReader r = Files.newBufferedReader(path);
        return r.readLine();
    }

    public Object readObject(Path path) throws Exception {
        // ruleid: java-io-stream-not-closed
        ObjectInputStream ois = new ObjectInputStream(Files.newInputStream(path));
        return ois.readObject();
    }

    public void dump(String name, String text) throws IOException {
        // ruleid: java-io-stream-not-closed
        PrintWriter pw = new PrintWriter(new File(name));
        pw.println(text);
    }

    public String copy(String path) throws IOException {
        // ruleid: java-io-stream-not-closed
        return IOUtils.toString(new InputStreamReader(new FileInputStream(path), StandardCharsets.UTF_8));
    }

    public void legacy(File src, File dst) throws IOException {
        FileInputStream from = null;
        // ruleid: java-io-stream-not-closed
        from = new FileInputStream(src);
        from.read();
    }

    // ---- near misses ----

    public String firstLineSafe(File file) throws IOException {
        // ok: java-io-stream-not-closed
        try (BufferedReader reader = new BufferedReader(new FileReader(file))) {
            return reader.readLine();
        }
    }

    public void legacyClosed(File src) throws IOException {
        FileInputStream from = null;
        try {
            // ok: java-io-stream-not-closed
            from = new FileInputStream(src);
            from.read();
        } finally {
            if (from != null) {
                from.close();
            }
        }
    }

    public void quietly(File src) throws IOException {
        // ok: java-io-stream-not-closed
        InputStream is = new FileInputStream(src);
        try {
            is.read();
        } finally {
            IOUtils.closeQuietly(is);
        }
    }

    public InputStream open(File src) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream stream = new FileInputStream(src);
        return stream;
    }

    public InputStream openDirect(File src) throws IOException {
        // ok: java-io-stream-not-closed
        return new BufferedInputStreamFactory().wrap(src);
    }

    public void remember(File src) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream stream = new FileInputStream(src);
        this.current = stream;
    }

    public void track(File src) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream stream = new FileInputStream(src);
        open.add(stream);
    }

    public void reopen(File src) throws IOException {
        // ok: java-io-stream-not-closed
        in = new BufferedReader(new FileReader(src));
    }

    public void java9(File src) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream stream = new FileInputStream(src);
        try (stream) {
            stream.read();
        }
    }

    public Scanner stdin() {
        // ok: java-io-stream-not-closed
        Scanner console = new Scanner(System.in);
        return console;
    }

    public String countWords(String text) {
        // ok: java-io-stream-not-closed
        Scanner words = new Scanner(text);
        return words.next();
    }

    public void closeLater(File src) throws IOException {
        // ruleid: java-io-stream-not-closed
        ObjectOutputStream oos = new ObjectOutputStream(new FileOutputStream(src));
        oos.writeObject("x");
        oos.close();
    }

    public boolean exists(String name) {
        // ok: java-io-stream-not-closed
        return new File(name).exists();
    }

    public String nio(Path path) throws IOException {
        // ok: java-io-stream-not-closed
        try (InputStream is = Files.newInputStream(Paths.get("a.txt"))) {
            return new String(is.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public ReportReader reader(File src) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream stream = new FileInputStream(src);
        return new ReportReader(stream);
    }

    public Response serve(File file) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream fis = new FileInputStream(file);
        return Response.newFixedLengthResponse("application/octet-stream", fis, file.length());
    }

    public Response serveDirect(File file) throws IOException {
        // ok: java-io-stream-not-closed
        return Response.newChunkedResponse("text/plain", new FileInputStream(file));
    }

    public void configure(ReaderBuilder builder, File file) throws IOException {
        // ok: java-io-stream-not-closed
        builder.setInputStream(new FileInputStream(file)).get();
    }

    interface Response {
        static Response newFixedLengthResponse(String mime, InputStream in, long len) {
            return null;
        }

        static Response newChunkedResponse(String mime, InputStream in) {
            return null;
        }
    }

    interface ReaderBuilder {
        ReaderBuilder setInputStream(InputStream in);

        Object get();
    }

    public Report parse(File src) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        // ok: java-io-stream-not-closed
        return mapper.readValue(new FileInputStream(src), Report.class);
    }

    public String viaHelper(String path) throws IOException {
        // todoruleid: java-io-stream-not-closed
        FileInputStream fis = open(new File(path));
        return String.valueOf(fis.read());
    }

    // ---- paths ----

    public String exceptionalPath(File f) throws IOException {
        // ruleid: java-io-stream-not-closed
        BufferedReader r = new BufferedReader(new FileReader(f));
        String line = r.readLine();
        r.close();
        return line;
    }

    public String closedInFinally(File f) throws IOException {
        // ok: java-io-stream-not-closed
        BufferedReader r = new BufferedReader(new FileReader(f));
        try {
            return r.readLine();
        } finally {
            r.close();
        }
    }

    public void oneBranch(File f, boolean keep) throws IOException {
        // ruleid: java-io-stream-not-closed
        FileOutputStream out = new FileOutputStream(f);
        try {
            out.write(1);
        } finally {
            if (keep) {
                out.close();
            }
        }
    }

    public void bothBranches(File f, boolean flush) throws IOException {
        // ok: java-io-stream-not-closed
        FileOutputStream out = new FileOutputStream(f);
        try {
            out.write(1);
        } finally {
            if (flush) {
                out.close();
            } else {
                IOUtils.closeQuietly(out);
            }
        }
    }

    public int earlyReturn(File f) throws IOException {
        // ruleid: java-io-stream-not-closed
        FileInputStream in = new FileInputStream(f);
        try {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        in.close();
        return 0;
    }

    public int closedOnEveryPath(File f) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream in = new FileInputStream(f);
        try {
            int b = in.read();
            if (b < 0) {
                in.close();
                return -1;
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        in.close();
        return 0;
    }

    public void storedInField(File f) throws IOException {
        // ok: java-io-stream-not-closed
        this.in = new BufferedReader(new FileReader(f));
    }

    public BufferedReader returnedWrapped(File f) throws IOException {
        // ok: java-io-stream-not-closed
        FileReader fr = new FileReader(f);
        return new BufferedReader(fr);
    }

    public void wrapperHandled(File f) throws IOException {
        // ok: java-io-stream-not-closed
        InputStream raw = new FileInputStream(f);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8))) {
            r.readLine();
        }
    }

    public void handedToUnknown(File f, Registry registry) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream in = new FileInputStream(f);
        registry.track(in);
    }

    public void handedToLocalReader(File f) throws IOException {
        // ruleid: java-io-stream-not-closed
        FileInputStream in = new FileInputStream(f);
        consume(in);
    }

    public void handedToLocalKeeper(File f) throws IOException {
        // ok: java-io-stream-not-closed
        FileInputStream in = new FileInputStream(f);
        keep(in);
    }

    private void keep(InputStream in) {
        this.current = in;
    }

    interface Registry {
        void track(InputStream in);
    }

    public void loop(List<File> files) throws IOException {
        for (File f : files) {
            // ruleid: java-io-stream-not-closed
            FileInputStream in = new FileInputStream(f);
            if (f.length() == 0) {
                continue;
            }
            in.close();
        }
    }

    public void guardedByFlag(File f) throws IOException {
        boolean ok = false;
        // ruleid: java-io-stream-not-closed
        FileInputStream in = new FileInputStream(f);
        try {
            in.read();
            ok = true;
        } finally {
            if (ok) {
                in.close();
            }
        }
    }

    public void correlated(File f, boolean read) throws IOException {
        FileInputStream in = null;
        if (read) {
            // todook: java-io-stream-not-closed
            in = new FileInputStream(f);
        }
        if (read) {
            in.close();
        }
    }

    public void stdout() throws IOException {
        // ok: java-io-stream-not-closed
        FileOutputStream fdOut = new FileOutputStream(java.io.FileDescriptor.out);
        fdOut.write('\n');
    }

    private void consume(InputStream in) throws IOException {
        in.read();
    }

    interface Report {}

    static class ReportReader {
        ReportReader(InputStream in) {}
    }

    static class BufferedInputStreamFactory {
        InputStream wrap(File f) throws IOException {
            return new java.io.BufferedInputStream(new FileInputStream(f));
        }
    }
}
