package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;

class AtomicOutputsTest {

    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted()
                    .collect(Collectors.toList());
        }
    }

    @Test
    void anInputRegisteredAfterTheOutputIsCheckedToo() throws IOException {
        Path in = Files.write(dir.resolve("in.tif"), new byte[] {1});
        try (AtomicOutputs o = new AtomicOutputs()) {
            o.reserve(dir.resolve("in.tif"), "out");
            BadInputException e = assertThrows(BadInputException.class, () -> o.input(in, "focus-file"));
            assertEquals("--out: " + in + " is the same file as --focus-file " + in + " (expected another file "
                    + "name: outputs never replace inputs)", e.getMessage());
        }
        assertEquals(List.of("in.tif"), listing());
    }

    @Test
    void aSymlinkedFolderIsTheFolderItLeadsTo() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        try (AtomicOutputs o = new AtomicOutputs()) {
            o.reserve(real.resolve("new").resolve("d.tif"), "out");
            BadInputException e = assertThrows(BadInputException.class,
                    () -> o.reserve(link.resolve("new").resolve("d.tif"), "png"));
            assertTrue(e.getMessage().startsWith("--png: " + link.resolve("new").resolve("d.tif") + " is also --out "),
                    e::getMessage);
            BadInputException inside = assertThrows(BadInputException.class, () -> o.input(link, "gt"));
            assertTrue(inside.getMessage().contains("is inside --gt " + link), inside::getMessage);
        }
        assertEquals(List.of("link", "real"), listing(), "the folder it created is removed again");
    }

    @Test
    void aCommittedSetKeepsItsFoldersAndAnAbandonedOneRefusesToCommit() throws IOException {
        Path target = dir.resolve("a").resolve("b").resolve("d.txt");
        try (AtomicOutputs o = new AtomicOutputs()) {
            Files.write(o.reserve(target, "out"), new byte[] {7});
            o.commit();
        }
        assertEquals(List.of("a", "a/b", "a/b/d.txt"), listing());
        AtomicOutputs abandoned = new AtomicOutputs();
        Path temp = abandoned.reserve(dir.resolve("c").resolve("e.txt"), "out");
        abandoned.close(); // as an engine giving a stack up, from another thread
        Files.createDirectories(temp.getParent());
        Files.write(temp, new byte[] {1}); // the worker, not knowing yet
        assertThrows(IllegalStateException.class, abandoned::commit);
        abandoned.close(); // the worker's own close removes what it wrote since
        assertFalse(Files.exists(dir.resolve("c").resolve("e.txt")));
        assertEquals(List.of("a", "a/b", "a/b/d.txt"), listing());
    }

    @Test
    void anOutputFolderIsNeitherAFileNorAnInputFolder() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[] {1});
        Path in = Files.createDirectories(dir.resolve("in"));
        AtomicOutputs o = new AtomicOutputs().input(in, null);
        assertEquals("--out: " + file + " exists and is not a folder (expected a folder, or a new name for one)",
                assertThrows(BadInputException.class, () -> o.folder(file, "out")).getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> o.folder(in.resolve("x"), "out")).getMessage()
                .contains("is inside the input folder " + in));
        o.folder(dir.resolve("elsewhere"), "out");
        assertTrue(Files.isDirectory(dir.resolve("elsewhere")));
    }
}
