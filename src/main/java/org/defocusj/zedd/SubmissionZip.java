package org.defocusj.zedd;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.Npy;

/**
 * The ZEDD test server's submission: a zip holding, at its root and nothing else, {@code zedd_output_0001.npy}
 * .. {@code zedd_output_<count>.npy}, one per test scene in scene order, each a finite 2-D float32 depth map in
 * metres of the server's size. Written to a temporary file reserved in the run's {@link AtomicOutputs}, so it
 * is published with the run's other outputs, or not at all.
 */
public final class SubmissionZip implements AutoCloseable {

    /** What the server expects: 50 maps of 1216 x 1824. */
    public static final int SERVER_COUNT = 50;
    public static final int SERVER_HEIGHT = 1216;
    public static final int SERVER_WIDTH = 1824;

    private final int count;
    private final int height;
    private final int width;
    private final ZipOutputStream zip;
    private int added;

    /**
     * Reserves the target in {@code outputs} (failing fast when it cannot be written) and opens the temporary zip.
     *
     * @param parameter id of the parameter naming the target, for messages (e.g. {@code submission})
     */
    public SubmissionZip(AtomicOutputs outputs, Path target, String parameter, int count, int height, int width)
            throws IOException {
        this.count = count;
        this.height = height;
        this.width = width;
        Path temp = outputs.reserve(target, parameter);
        this.zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 20));
        // Float maps barely compress; the fastest level saves most of what deflate can, in a fraction of the time.
        zip.setLevel(Deflater.BEST_SPEED);
    }

    /** {@code zedd_output_0001.npy} for i = 1. */
    public static String entryName(int i) {
        return String.format(Locale.ROOT, "zedd_output_%04d.npy", i);
    }

    /** Adds the next map (row-major, {@code height x width}, all finite). */
    public void add(float[] depth) throws IOException {
        if (depth.length != height * width) {
            throw new IllegalArgumentException("map of " + depth.length + " values, expected " + height + " x " + width);
        }
        for (float v : depth) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("map " + entryName(added + 1) + " has a non-finite value " + v);
            }
        }
        if (added == count) {
            throw new IllegalStateException("more than " + count + " maps");
        }
        added++;
        zip.putNextEntry(new ZipEntry(entryName(added)));
        Npy.writeFloat32(zip, depth, height, width);
        zip.closeEntry();
    }

    /** Finishes the zip, ready for the outputs' commit; fails unless exactly {@code count} maps were added. */
    public void finish() throws IOException {
        if (added != count) {
            throw new IllegalStateException(added + " maps added, the submission needs " + count);
        }
        zip.close();
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
