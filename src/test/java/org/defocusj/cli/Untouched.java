package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What a refused or stopped run must leave alone: its inputs' bytes and modification times, and no stray file. */
final class Untouched {

    private static final String LOCK = ".defocusj.lock";

    private final Map<Path, byte[]> bytes = new LinkedHashMap<>();
    private final Map<Path, FileTime> times = new LinkedHashMap<>();

    private Untouched() {
    }

    static Untouched of(Path... files) throws IOException {
        Untouched u = new Untouched();
        for (Path f : files) {
            u.bytes.put(f, Files.readAllBytes(f));
            u.times.put(f, Files.getLastModifiedTime(f));
        }
        return u;
    }

    void check() throws IOException {
        for (Map.Entry<Path, byte[]> e : bytes.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(e.getKey()), e.getKey() + " changed");
            assertEquals(times.get(e.getKey()), Files.getLastModifiedTime(e.getKey()), e.getKey() + " touched");
        }
    }

    /**
     * Asserts that nothing under {@code root} is hidden: no temporary file or partial folder. The lock file of a
     * batch's output folder stays by design (see batch/OutputLock) and must be empty: no batch runs.
     */
    static void assertNoHiddenFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> hidden = s.filter(p -> p.getFileName().toString().startsWith("."))
                    .filter(p -> !(p.getFileName().toString().equals(LOCK) && isEmpty(p)))
                    .collect(Collectors.toList());
            assertEquals(List.of(), hidden, "left behind");
        }
    }

    /** Whether {@code folder} exists and holds a temporary file of an output being written. */
    static boolean hasTemp(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".tmp"));
        }
    }

    private static boolean isEmpty(Path p) {
        try {
            return Files.size(p) == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
