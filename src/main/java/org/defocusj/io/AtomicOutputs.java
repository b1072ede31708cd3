package org.defocusj.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import org.defocusj.BadInputException;

/**
 * A set of output files that appear together or not at all. Each target is first written to a temporary
 * file in its own folder; {@link #commit()} moves them into place, and {@link #close()} deletes whatever
 * was not committed, so a failure never leaves half-written output behind.
 */
public final class AtomicOutputs implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Path> targets = new ArrayList<>();
    private final List<Path> temps = new ArrayList<>();
    private boolean committed;

    /**
     * Checks that {@code target} can be written and reserves a temporary file beside it. Call this for every
     * output before any long computation, so an unwritable folder fails fast.
     *
     * @param parameter id of the parameter that named the file, for messages (e.g. {@code out})
     * @return the temporary path to write to
     */
    public Path reserve(Path target, String parameter) {
        Path absolute = target.toAbsolutePath();
        if (targets.contains(absolute)) {
            throw BadInputException.forParameter(parameter, target + " is already used by another output");
        }
        if (Files.isDirectory(absolute)) {
            throw BadInputException.forParameter(parameter, target + " is a folder (expected a file name)");
        }
        Path dir = absolute.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw BadInputException.forParameter(parameter, "cannot create output folder " + dir + ": "
                    + whyNotFolder(dir, e) + " (expected a writable folder)", e);
        }
        Path temp;
        try {
            // createFile (unlike createTempFile) honours the umask, so the moved file gets normal permissions.
            temp = Files.createFile(dir.resolve("." + absolute.getFileName() + "."
                    + Long.toHexString(RANDOM.nextLong()) + ".tmp"));
        } catch (IOException | SecurityException e) {
            throw BadInputException.forParameter(parameter, "output folder " + dir + " is not writable ("
                    + reason(e) + "; expected a writable folder)", e);
        }
        targets.add(absolute);
        temps.add(temp);
        return temp;
    }

    /** Why {@code dir} could not be created: usually a regular file sitting where a folder should be. */
    private static String whyNotFolder(Path dir, Exception e) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? reason(e) : p + " is a file, not a folder";
            }
        }
        return reason(e);
    }

    /** A short reason without the exception class name, e.g. "permission denied". */
    private static String reason(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Moves every temporary file onto its target. */
    public void commit() throws IOException {
        for (int i = 0; i < targets.size(); i++) {
            try {
                Files.move(temps.get(i), targets.get(i), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temps.get(i), targets.get(i), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
    }

    /** The targets, in reservation order. */
    public List<Path> targets() {
        return new ArrayList<>(targets);
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // Best effort: a leftover hidden .tmp file is harmless and named after its target.
            }
        }
    }
}
