package org.defocusj.batch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;

import org.defocusj.BadInputException;
import org.defocusj.io.ExitCleanup;

/**
 * A batch's hold on its output folder, {@code OUT/.defocusj.lock} locked with the operating system's file lock:
 * a second batch on the same folder (another process, or this JVM) stops at once instead of removing the first
 * one's temporary files as leftovers. The lock dies with its process, so the file a killed run leaves does not
 * block a rerun; a batch that ends, or whose JVM is stopped, deletes it.
 */
final class OutputLock implements AutoCloseable {

    static final String FILE = ".defocusj.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final Runnable onExit = this::close;
    private boolean released;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of folder {@code out} (which exists).
     *
     * @throws BadInputException naming the out parameter, and the holder, when another batch has it
     */
    static OutputLock acquire(Path out) throws IOException {
        Path file = out.resolve(FILE);
        while (true) {
            FileChannel channel;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw BadInputException.forParameter("out", "cannot write in " + out + " (" + e.getMessage()
                        + "; expected a writable folder)", e);
            }
            FileLock lock = null;
            try {
                // One byte far past the text, so the holder's note stays readable where locks are mandatory.
                lock = channel.tryLock(Long.MAX_VALUE - 1, 1, false);
            } catch (OverlappingFileLockException e) {
                // This JVM holds it already (a batch running in another thread).
            } finally {
                if (lock == null) {
                    channel.close();
                }
            }
            if (lock == null) {
                throw BadInputException.forParameter("out", out + " is in use by another batch (" + holder(file)
                        + "; expected one batch per output folder: wait for that one to end, or choose another "
                        + BadInputException.ref("out") + ")");
            }
            // A holder deletes the file before it unlocks, so what we locked may have been deleted since we opened
            // it: the lock counts only if the path still leads to the file we wrote our note into.
            String note = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now() + " [" + UUID.randomUUID()
                    + "]";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            if (note.equals(read(file))) {
                OutputLock held = new OutputLock(file, channel, lock);
                ExitCleanup.register(held.onExit);
                return held;
            }
            lock.release();
            channel.close();
        }
    }

    /** What the holder wrote, without the token: its process id and start time. */
    private static String holder(Path file) {
        String note = read(file);
        return note == null || note.isEmpty() ? "no details recorded" : note.replaceFirst("\\s*\\[[^\\]]*\\]$", "");
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** Deletes the lock file, then unlocks it (in this order: see {@link #acquire}). */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        ExitCleanup.unregister(onExit);
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover lock file blocks nobody once unlocked.
        }
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock whatever happens; the process ending does too.
        }
    }
}
