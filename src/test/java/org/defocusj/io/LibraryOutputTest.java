package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import ij.IJ;

import org.junit.jupiter.api.Test;

/** What libraries print while a thread reads stays off System.out and System.err; other threads are untouched. */
class LibraryOutputTest {

    @Test
    void readingThreadsOutputIsKeptOtherThreadsPassesThrough() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        PrintStream mine = new PrintStream(seen, true, StandardCharsets.UTF_8);
        System.setOut(mine);
        System.setErr(mine);
        try {
            CountDownLatch reading = new CountDownLatch(1);
            CountDownLatch printed = new CountDownLatch(1);
            Thread other = new Thread(() -> {
                try {
                    reading.await();
                    System.out.println("from another thread");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    printed.countDown();
                }
            });
            other.start();
            LibraryOutput.Quiet<String> q = LibraryOutput.quietly(() -> {
                IJ.log("Unexpected image offset"); // headless: ImageJ's log is System.out
                System.err.println("a stack trace");
                reading.countDown();
                try {
                    printed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "value";
            });
            other.join();
            assertEquals("value", q.value);
            assertTrue(q.printed.contains("Unexpected image offset") && q.printed.contains("a stack trace"), q.printed);
            String passed = seen.toString(StandardCharsets.UTF_8);
            assertEquals("from another thread", passed.trim(), passed);
            assertSame(mine, System.out, "the streams found are restored");
            assertSame(mine, System.err);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
