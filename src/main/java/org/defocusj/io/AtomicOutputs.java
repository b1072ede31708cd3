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
import java.util.Map;

import org.defocusj.BadInputException;

/**
 * A set of output files that appear together or not at all, and never in place of an input. Each target is
 * first written to a temporary file in its own folder; {@link #commit()} moves them into place, and
 * {@link #close()} deletes whatever was not committed (with the folders the set created, when they are left
 * empty), so a failure never leaves half-written output behind. If the JVM stops first (Ctrl-C, SIGTERM), the
 * temporary files of sets still open are removed too ({@link ExitCleanup}).
 *
 * <p>The rules, checked when an output is reserved or an input registered (whichever comes second), so before
 * any long work: an output is not an input, not inside an input folder, and not another output of the set;
 * paths are compared as the filesystem resolves them ({@code d.tif}, {@code ./d.tif}, symbolic and hard links
 * to one file are one file; a path that does not exist yet by the real path of its nearest existing folder). A
 * target that exists must be a regular file, which is then replaced; a folder, FIFO or device never is.
 *
 * <p>Thread-safe: an engine may {@link #close()} (abandon) a set from another thread while its worker still
 * writes; the set then refuses to reserve or commit anything.
 */
public final class AtomicOutputs implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> targets = new ArrayList<>();
    private final List<Path> temps = new ArrayList<>();
    /** Folders this set created, outermost first. */
    private final List<Path> createdFolders = new ArrayList<>();
    private final Runnable onExit = this::close;
    private boolean registered;
    private boolean committed;
    private boolean closed;

    /** A path some parameter named, with the file the filesystem makes of it. */
    private static final class Named {
        final Path given;
        final Path absolute;
        final Path identity;
        final String parameter;
        final boolean folder;

        Named(Path given, String parameter) {
            this.given = given;
            this.absolute = given.toAbsolutePath();
            this.identity = identity(absolute);
            this.parameter = parameter;
            this.folder = Files.isDirectory(absolute);
        }

        /** How messages name it: its parameter and path, or "the input s.tif" for an input named by no parameter. */
        String describe() {
            return parameter == null ? (folder ? "the input folder " : "the input ") + given
                    : BadInputException.ref(parameter) + " " + given;
        }
    }

    /**
     * Registers a file or folder the run reads: no output may replace it or, for a folder, be written inside it.
     *
     * @param path the input, or null (nothing is registered)
     * @param parameter id of the parameter that named it, or null for an input given by position or found
     *                  beside another one (a focus sidecar)
     * @return this
     * @throws BadInputException naming the output's parameter when an output reserved earlier collides
     */
    public synchronized AtomicOutputs input(Path path, String parameter) {
        if (path == null) {
            return this;
        }
        Named in = new Named(path, parameter);
        for (Named t : targets) {
            checkAgainstInput(t, in);
        }
        inputs.add(in);
        return this;
    }

    /** Registers each of {@code files} (keyed by the id of the parameter naming it) as an {@link #input}. */
    public AtomicOutputs inputs(Map<String, Path> files) {
        files.forEach((parameter, path) -> input(path, parameter));
        return this;
    }

    /**
     * Checks that {@code target} can be written and reserves a temporary file beside it. Call this for every
     * output before any long computation, so an unwritable folder fails fast.
     *
     * @param parameter id of the parameter that named the file, for messages (e.g. {@code out})
     * @return the temporary path to write to
     */
    public synchronized Path reserve(Path target, String parameter) {
        requireOpen();
        Named out = new Named(target, parameter);
        requireReplaceable(out);
        for (Named t : targets) {
            if (same(out, t)) {
                throw BadInputException.forParameter(parameter, target + " is also "
                        + BadInputException.ref(t.parameter) + " " + t.given + " (expected a different file for each "
                        + "output)");
            }
        }
        for (Named in : inputs) {
            checkAgainstInput(out, in);
        }
        // Registered before anything is created, and each path recorded before it exists: a SIGTERM that lands
        // between creating a file and recording it would leave it behind (seen under CI load). The exit hook
        // calls close(), which waits for this method's lock, so it sees the lists complete.
        if (!registered) {
            ExitCleanup.register(onExit);
            registered = true;
        }
        Path dir = out.absolute.getParent();
        createFolders(dir, parameter);
        Path temp = dir.resolve("." + out.absolute.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        targets.add(out);
        temps.add(temp);
        try {
            // createFile (unlike createTempFile) honours the umask, so the moved file gets normal permissions.
            Files.createFile(temp);
        } catch (IOException | SecurityException e) {
            targets.remove(targets.size() - 1);
            temps.remove(temps.size() - 1);
            throw BadInputException.forParameter(parameter, "output folder " + dir + " is not writable ("
                    + reason(e) + "; expected a writable folder)", e);
        }
        return temp;
    }

    /**
     * Checks an output folder against the inputs registered so far (it is not one of them nor inside one, and
     * is a folder if it exists) and creates it. The folder stays, whatever becomes of this set.
     *
     * @return {@code dir}
     */
    public synchronized Path folder(Path dir, String parameter) {
        Named out = new Named(dir, parameter);
        if (Files.exists(out.absolute) && !out.folder) {
            throw BadInputException.forParameter(parameter, dir + " exists and is not a folder (expected a folder, "
                    + "or a new name for one)");
        }
        for (Named in : inputs) {
            checkAgainstInput(out, in);
        }
        try {
            Files.createDirectories(out.absolute);
        } catch (IOException | SecurityException e) {
            throw BadInputException.forParameter(parameter, "cannot create folder " + dir + ": "
                    + whyNotFolder(out.absolute, e) + " (expected a writable folder)", e);
        }
        return dir;
    }

    /** An existing target must be a regular file: renaming over a folder, FIFO or device would destroy it. */
    private static void requireReplaceable(Named out) {
        if (out.folder) {
            throw BadInputException.forParameter(out.parameter, out.given + " is a folder (expected a file name)");
        }
        if (Files.exists(out.absolute) && !Files.isRegularFile(out.absolute)) {
            throw BadInputException.forParameter(out.parameter, out.given + " exists and is not a regular file "
                    + "(a FIFO, device or socket; expected a new file name, or a regular file to replace)");
        }
    }

    private static void checkAgainstInput(Named out, Named in) {
        if (same(out, in)) {
            throw BadInputException.forParameter(out.parameter, out.given + " is " + (in.folder ? "" : "the same file "
                    + "as ") + in.describe() + " (expected another " + (out.folder ? "folder" : "file name")
                    + ": outputs never replace inputs)");
        }
        if (in.folder && out.identity.startsWith(in.identity)) {
            throw BadInputException.forParameter(out.parameter, out.given + " is inside " + in.describe()
                    + " (expected a place outside the inputs: outputs are never written into an input folder)");
        }
    }

    private static boolean same(Named a, Named b) {
        if (a.identity.equals(b.identity)) {
            return true;
        }
        try {
            // Hard links: two real paths, one file.
            return Files.exists(a.absolute) && Files.exists(b.absolute) && Files.isSameFile(a.absolute, b.absolute);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /**
     * The real path of {@code absolute}; for a path that does not exist (yet), the real path of its nearest
     * existing ancestor with the rest appended, so that {@code ./out/d.tif} and {@code link/d.tif} compare
     * equal to {@code out/d.tif} before either is written.
     */
    static Path identity(Path absolute) {
        Path tail = null;
        for (Path p = absolute; p != null; p = p.getParent()) {
            try {
                Path real = p.toRealPath();
                return tail == null ? real : real.resolve(tail).normalize();
            } catch (IOException | SecurityException e) {
                Path name = p.getFileName();
                if (name == null) {
                    break;
                }
                tail = tail == null ? name : name.resolve(tail);
            }
        }
        return absolute.normalize();
    }

    private void createFolders(Path dir, String parameter) {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        // Recorded first (see reserve); close() only removes those that exist and are empty.
        createdFolders.addAll(missing);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw BadInputException.forParameter(parameter, "cannot create output folder " + dir + ": "
                    + whyNotFolder(dir, e) + " (expected a writable folder)", e);
        }
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

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("outputs closed (abandoned) before they were committed");
        }
    }

    /** Moves every temporary file onto its target. */
    public synchronized void commit() throws IOException {
        requireOpen();
        for (Named t : targets) {
            requireReplaceable(t); // nothing may have appeared there since reserve
        }
        for (int i = 0; i < targets.size(); i++) {
            Path target = targets.get(i).absolute;
            try {
                Files.move(temps.get(i), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temps.get(i), target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        committed = true;
        ExitCleanup.unregister(onExit);
    }

    /** The targets, in reservation order. */
    public synchronized List<Path> targets() {
        List<Path> out = new ArrayList<>();
        targets.forEach(t -> out.add(t.absolute));
        return out;
    }

    /**
     * Deletes what was not committed: the temporary files, and the folders this set created if they are empty.
     * May be called again (by the worker after an engine abandoned the set: it removes what the worker wrote
     * since).
     */
    @Override
    public synchronized void close() {
        closed = true;
        if (committed) {
            return;
        }
        ExitCleanup.unregister(onExit);
        for (Path t : temps) {
            try {
                Files.deleteIfExists(t);
            } catch (IOException ignored) {
                // Best effort: a leftover hidden .tmp file is harmless and named after its target.
            }
        }
        for (int i = createdFolders.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(createdFolders.get(i));
            } catch (IOException ignored) {
                // Not empty: something else was written there, which stays.
            }
        }
    }
}
