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
import java.util.HashMap;
import java.util.Map;

import org.defocusj.BadInputException;
import org.defocusj.io.ExitCleanup;

/**
 * A batch's hold on its output folder: {@code OUT/.defocusj.lock}, locked with the operating system's file lock,
 * so that a second batch on the same folder (another process, or this JVM) stops at once instead of removing
 * the first one's temporary files as leftovers. The lock dies with its process: the file, which stays (deleting
 * it would let two batches lock two different files of one name), does not block a rerun.
 *
 * <p>Where locks are POSIX record locks, closing any descriptor of the file drops every lock this process holds
 * on it; so while this JVM holds a folder, it never opens that folder's lock file again, and answers a second
 * batch of its own from memory.
 */
final class OutputLock implements AutoCloseable {

    static final String FILE = ".defocusj.lock";

    /** Lock files held in this JVM (real paths), with the note their holder wrote. */
    private static final Map<Path, String> HELD = new HashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final Runnable onExit = this::close;

    private OutputLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of folder {@code out} (which exists).
     *
     * @throws BadInputException naming the out parameter, and the holder, when another batch has it
     */
    static OutputLock acquire(Path out) {
        Path key;
        try {
            key = out.toRealPath().resolve(FILE);
        } catch (IOException e) {
            throw BadInputException.forParameter("out", "cannot read folder " + out + " (" + e.getMessage() + ")", e);
        }
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                throw inUse(out, HELD.get(key));
            }
            FileChannel channel;
            try {
                channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw BadInputException.forParameter("out", "cannot write in " + out + " (" + e.getMessage()
                        + "; expected a writable folder)", e);
            }
            FileLock lock = null;
            try {
                // One byte far past the note, so that the note stays readable where locks are mandatory.
                lock = channel.tryLock(Long.MAX_VALUE - 1, 1, false);
                if (lock != null) {
                    String note = "pid " + ProcessHandle.current().pid() + ", started " + Instant.now();
                    channel.truncate(0);
                    channel.write(ByteBuffer.wrap(note.getBytes(StandardCharsets.UTF_8)), 0);
                    HELD.put(key, note);
                    OutputLock held = new OutputLock(key, channel, lock);
                    ExitCleanup.register(held.onExit); // so that a stopped batch leaves no note of a running one
                    return held;
                }
            } catch (OverlappingFileLockException e) {
                // Held through another channel of this JVM, not by a batch.
            } catch (IOException e) {
                throw BadInputException.forParameter("out", "cannot lock " + key + " (" + e.getMessage() + ")", e);
            } finally {
                if (lock == null) {
                    close(channel);
                }
            }
            throw inUse(out, read(key));
        }
    }

    private static BadInputException inUse(Path out, String note) {
        return BadInputException.forParameter("out", out + " is in use by another batch (" + (note == null
                || note.isEmpty() ? "no details recorded" : note) + "; expected one batch per output folder: wait "
                + "for that one to end, or choose another " + BadInputException.ref("out") + ")");
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "its lock file is unreadable: " + e.getMessage();
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing releases the lock whatever happens; so does the process ending.
        }
    }

    @Override
    public void close() {
        synchronized (HELD) {
            if (HELD.remove(key) == null) {
                return;
            }
            ExitCleanup.unregister(onExit);
            try {
                channel.truncate(0); // the note describes a running batch only
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel below releases the lock anyway.
            }
            close(channel);
        }
    }
}
