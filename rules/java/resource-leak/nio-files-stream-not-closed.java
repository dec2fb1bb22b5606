package com.example.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class SourceIndex {

    public long countLines(Path file) throws IOException {
        // ruleid: nio-files-stream-not-closed
        return Files.lines(file).count();
    }

    public List<Path> javaFiles(Path root) throws IOException {
        // ruleid: nio-files-stream-not-closed
        return Files.walk(root)
                .filter(p -> p.toString().endsWith(".java"))
                .collect(Collectors.toList());
    }

    public void printChildren(Path dir) throws IOException {
        // ruleid: nio-files-stream-not-closed
        Stream<Path> children = Files.list(dir);
        children.forEach(System.out::println);
    }

    public int countEntries(Path dir) throws IOException {
        int n = 0;
        // ruleid: nio-files-stream-not-closed
        for (Path p : Files.newDirectoryStream(dir, "*.txt")) {
            n++;
        }
        return n;
    }

    public List<Path> matching(Path root) throws IOException {
        // ruleid: nio-files-stream-not-closed
        return Files.find(root, 5, (p, attrs) -> attrs.isRegularFile()).collect(Collectors.toList());
    }

    public long countLinesSafe(Path file) throws IOException {
        // ok: nio-files-stream-not-closed
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        }
    }

    public List<String> readSmall(Path file) throws IOException {
        // ok: nio-files-stream-not-closed
        return Files.readAllLines(file);
    }

    public Stream<Path> children(Path dir) throws IOException {
        // ok: nio-files-stream-not-closed
        Stream<Path> s = Files.list(dir);
        return s;
    }

    public Stream<Path> regularFiles(Path dir) throws IOException {
        // ok: nio-files-stream-not-closed
        return Files.walk(dir).filter(Files::isRegularFile).sorted();
    }

    public Stream<Path> childrenDirect(Path dir) throws IOException {
        // ok: nio-files-stream-not-closed
        return Files.list(dir);
    }

    public int countEntriesSafe(Path dir) throws IOException {
        int n = 0;
        // ok: nio-files-stream-not-closed
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                n++;
            }
        }
        return n;
    }

    public long explicitClose(Path file) throws IOException {
        // ok: nio-files-stream-not-closed
        Stream<String> lines = Files.lines(file);
        try {
            return lines.count();
        } finally {
            lines.close();
        }
    }

    public long helperClose(Path file) {
        try {
            // ruleid: nio-files-stream-not-closed
            return count(Files.lines(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long count(Stream<String> s) {
        return s.count();
    }
}
