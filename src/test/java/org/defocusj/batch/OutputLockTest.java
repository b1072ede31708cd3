package org.defocusj.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;

class OutputLockTest {

    @TempDir
    Path dir;

    @Test
    void oneHolderPerFolderInThisJvmUnderAnySpelling() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), out);
        try (OutputLock first = OutputLock.acquire(out)) {
            BadInputException e = assertThrows(BadInputException.class, () -> OutputLock.acquire(link));
            assertEquals("--out: " + link + " is in use by another batch (pid " + ProcessHandle.current().pid()
                    + ", started ", e.getMessage().substring(0, e.getMessage().indexOf("started ") + 8));
            assertTrue(Files.size(out.resolve(OutputLock.FILE)) > 0, "the holder's note");
        }
        assertEquals(0, Files.size(out.resolve(OutputLock.FILE)), "no note once released");
        OutputLock.acquire(out).close();
    }
}
