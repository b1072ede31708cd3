package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.io.Npy;

/**
 * Seeded mutations of valid inputs (issue 11): whatever the bytes, the CLI exits 0 or 2, never 1, never hangs,
 * and on exit 2 prints one {@code defocusj SUB: error: } line naming the mutated file and leaves no output.
 * Every case is one seed; {@code new Random(seed)} picks the mutation, so a failing seed replays exactly with
 * {@link #replay}. Seeds that found bugs are kept below as named regression cases.
 *
 * <p>CI runs {@value #DEFAULT_CASES} seeds per kind (a few seconds). A longer hunt:
 * {@code mvn test -Dtest=FuzzInputsTest -Ddefocusj.fuzz.cases=1000 -Ddefocusj.fuzz.shift=0} runs seeds
 * 1000-1999, 2000-2999, ... (one thousand per kind); {@code defocusj.fuzz.shift} moves every kind's range, so
 * that {@code -Ddefocusj.fuzz.shift=100000} tries seeds no earlier run tried.
 */
class FuzzInputsTest {

    static final int DEFAULT_CASES = 80;
    /** Mutations per input kind; four kinds, so four times this many runs in all. */
    private static final int CASES = Integer.getInteger("defocusj.fuzz.cases", DEFAULT_CASES);
    /** Added to every kind's first seed. */
    private static final long SHIFT = Long.getLong("defocusj.fuzz.shift", 0);
    /** Per case: a tiny input must never take long, so anything slower is treated as a hang. */
    private static final Duration CASE_LIMIT = Duration.ofSeconds(10);
    private static final long SLOW_MS = 2000;

    private static final int W = 16;
    private static final int H = 12;

    @TempDir
    Path tmp;

    private enum Kind {
        STACK8, STACK16, NPY_DEPTH, TIFF_DEPTH
    }

    @Test
    void mutated8BitStacks() throws IOException {
        fuzz(Kind.STACK8, 1000);
    }

    @Test
    void mutated16BitStacks() throws IOException {
        fuzz(Kind.STACK16, 2000);
    }

    @Test
    void mutatedNpyDepthMaps() throws IOException {
        fuzz(Kind.NPY_DEPTH, 3000);
    }

    @Test
    void mutatedTiffDepthMaps() throws IOException {
        fuzz(Kind.TIFF_DEPTH, 4000);
    }

    // ---------------------------------------------------------------- seeds that found bugs

    /** Shape dimension -1 overflowed into NegativeArraySizeException (exit 1). */
    @Test
    void npyNegativeDimension() throws IOException {
        replay(Kind.NPY_DEPTH, 3210);
    }

    /** dtype item size "99999999999999999999" threw NumberFormatException (exit 1). */
    @Test
    void npyHugeItemSize() throws IOException {
        replay(Kind.NPY_DEPTH, 3116);
    }

    /**
     * A damaged header's bytes were shown as they were: U+0085 (byte 0x85 read as ISO-8859-1) is a line break to
     * Java, and the one-line error became two.
     */
    @Test
    void npyHeaderWithLineBreakingBytes() throws IOException {
        replay(Kind.NPY_DEPTH, 103165);
        replay(Kind.NPY_DEPTH, 103474);
    }

    /**
     * ImageJ's TiffDecoder allocates what its metadata (tags 50838/50839) declares unchecked: a slice label of
     * 2 GB (2216), a header listing millions of labels (2554): OutOfMemoryError.
     */
    @Test
    void tiffImageJMetadataOfAbsurdSize() throws IOException {
        replay(Kind.STACK16, 2216);
        replay(Kind.STACK16, 2554);
    }

    /**
     * A tag of a type no reader knows is skipped by readers, but ImageJ's decoder still takes its count: the
     * description's 1.4 G (4520) was allocated (OutOfMemoryError), the strip byte counts' 10 M and 16 M (2333,
     * 2520; the int at byte 133 spans the type and count of tag 279) were read one by one past the end (a hang).
     */
    @Test
    void tiffCountOfUnknownType() throws IOException {
        replay(Kind.TIFF_DEPTH, 4520);
        replay(Kind.STACK16, 2333);
        replay(Kind.STACK16, 2520);
    }

    /** NewSubfileType marked the only page a thumbnail (4149) or mask (4385): no page left, exit 1. */
    @Test
    void tiffWithoutAFullResolutionPage() throws IOException {
        replay(Kind.TIFF_DEPTH, 4149);
        replay(Kind.TIFF_DEPTH, 4385);
    }

    private void fuzz(Kind kind, long firstSeed) throws IOException {
        byte[] valid = Files.readAllBytes(valid(kind));
        List<String> failures = new ArrayList<>();
        for (long seed = firstSeed + SHIFT; seed < firstSeed + SHIFT + CASES; seed++) {
            String failure = check(kind, valid, seed);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + CASES + " " + kind + " mutations broke the contract:\n"
                    + String.join("\n\n", failures));
        }
    }

    /** Runs one seed and throws on a broken contract; for the regression cases and for replaying a seed. */
    private void replay(Kind kind, long seed) throws IOException {
        String failure = check(kind, Files.readAllBytes(valid(kind)), seed);
        if (failure != null) {
            fail(failure);
        }
    }

    /** Returns null if the run kept the contract, else what went wrong (with the seed). */
    private String check(Kind kind, byte[] valid, long seed) throws IOException {
        Random rnd = new Random(seed);
        StringBuilder what = new StringBuilder();
        byte[] mutated = mutate(valid, rnd, what);
        Path dir = Files.createDirectories(tmp.resolve("case-" + seed));
        String name = "mut-" + seed + (kind == Kind.NPY_DEPTH ? ".npy" : ".tif");
        Path input = dir.resolve(name);
        Files.write(input, mutated);
        Path outDir = dir.resolve("out");
        String[] args;
        String sub;
        if (kind == Kind.STACK8 || kind == Kind.STACK16) {
            sub = "depth";
            args = new String[] {"depth", input.toString(), "--focus", "1,2,3", "--out",
                outDir.resolve("depth.tif").toString(), "--threads", "1", "--quiet"};
        } else {
            sub = "evaluate";
            args = new String[] {"evaluate", "--pred", input.toString(), "--gt", valid(Kind.NPY_DEPTH).toString(),
                "--json", outDir.resolve("metrics.json").toString()};
        }
        String label = kind + " seed " + seed + " (" + what + ")";
        CliRun r;
        long start = System.nanoTime();
        try {
            r = assertTimeoutPreemptively(CASE_LIMIT, () -> CliRun.of(args), label + ": hang");
        } catch (Throwable t) {
            return label + ": " + t;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (ms > SLOW_MS) {
            // Not a failure (the machine may be busy), but where the next hang would show first.
            System.out.println("FuzzInputsTest: slow case, " + ms + " ms: " + label);
        }
        if (r.code == 0) {
            return null;
        }
        if (r.code != Main.EXIT_BAD_INPUT) {
            return label + ": exit " + r.code + "\n" + r;
        }
        List<String> lines = r.errLines();
        if (lines.size() != 1 || !lines.get(0).startsWith("defocusj " + sub + ": error: ")
                || !lines.get(0).contains(name)) {
            return label + ": expected one error line naming " + name + "\n" + r;
        }
        if (!r.systemOut.isBlank() || !r.systemErr.isBlank()) {
            return label + ": a library printed to System.out/err\n" + r;
        }
        List<String> left = files(outDir);
        if (!left.isEmpty()) {
            return label + ": output left after a failure: " + left;
        }
        return null;
    }

    // ---------------------------------------------------------------- mutations

    private static byte[] mutate(byte[] valid, Random rnd, StringBuilder what) {
        byte[] b = valid.clone();
        int header = Math.min(b.length, 256);
        switch (rnd.nextInt(8)) {
            case 0: {
                int flips = 1 + rnd.nextInt(8);
                what.append(flips).append(" bit flips at");
                for (int i = 0; i < flips; i++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                    what.append(' ').append(at);
                }
                return b;
            }
            case 1: {
                int at = rnd.nextInt(header);
                int n = Math.min(1 + rnd.nextInt(16), b.length - at);
                what.append(n).append(" random bytes at ").append(at);
                byte[] r = new byte[n];
                rnd.nextBytes(r);
                System.arraycopy(r, 0, b, at, n);
                return b;
            }
            case 2: {
                int len = rnd.nextInt(b.length);
                what.append("truncated to ").append(len);
                return Arrays.copyOf(b, len);
            }
            case 3: {
                int from = rnd.nextInt(b.length);
                int n = 1 + rnd.nextInt(Math.min(64, b.length - from));
                int to = rnd.nextInt(b.length + 1);
                what.append("bytes ").append(from).append("+").append(n).append(" duplicated at ").append(to);
                byte[] out = new byte[b.length + n];
                System.arraycopy(b, 0, out, 0, to);
                System.arraycopy(b, from, out, to, n);
                System.arraycopy(b, to, out, to + n, b.length - to);
                return out;
            }
            case 4: {
                int at = rnd.nextInt(b.length);
                int n = 1 + rnd.nextInt(Math.min(64, b.length - at));
                what.append("bytes ").append(at).append("+").append(n).append(" zeroed");
                Arrays.fill(b, at, at + n, (byte) 0);
                return b;
            }
            case 5:
                return tiffField(b, rnd, what);
            case 6:
                return digits(b, rnd, what);
            default: {
                int at = rnd.nextInt(Math.max(1, header - 3));
                int v = interesting(rnd, b.length);
                what.append("int ").append(v).append(" at ").append(at);
                if (at + 4 <= b.length) {
                    ByteBuffer.wrap(b).order(rnd.nextBoolean() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                            .putInt(at, v);
                }
                return b;
            }
        }
    }

    /** Sets the count or value of one entry of a TIFF's first IFD to a large, small or edge value. */
    private static byte[] tiffField(byte[] b, Random rnd, StringBuilder what) {
        if (b.length < 8 || !(b[0] == 'I' && b[1] == 'I' || b[0] == 'M' && b[1] == 'M')) {
            return digits(b, rnd, what);
        }
        ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int ifd = buf.getInt(4);
        int entries = buf.getShort(ifd) & 0xffff;
        int e = ifd + 2 + 12 * rnd.nextInt(entries);
        boolean count = rnd.nextBoolean();
        int v = interesting(rnd, b.length);
        what.append("tag ").append(buf.getShort(e) & 0xffff).append(count ? " count " : " value ").append(v);
        if (count) {
            buf.putInt(e + 4, v);
        } else if ((buf.getShort(e + 2) & 0xffff) == 3 && buf.getInt(e + 4) == 1) {
            buf.putShort(e + 8, (short) v);
        } else {
            buf.putInt(e + 8, v);
        }
        return b;
    }

    /** Replaces a run of ASCII digits (a shape in an .npy header, {@code images=3} in ImageJ's description). */
    private static byte[] digits(byte[] b, Random rnd, StringBuilder what) {
        List<int[]> runs = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                int j = i;
                while (j < b.length && b[j] >= '0' && b[j] <= '9') {
                    j++;
                }
                runs.add(new int[] {i, j});
                i = j;
            }
        }
        if (runs.isEmpty()) {
            what.append("no digits; unchanged");
            return b;
        }
        int[] run = runs.get(rnd.nextInt(runs.size()));
        String[] choices = {"0", "1", "2", "-1", "4", "99999", "2147483647", "2147483648", "99999999999999999999"};
        String v = choices[rnd.nextInt(choices.length)];
        what.append("digits at ").append(run[0]).append(" -> ").append(v);
        byte[] text = v.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[b.length - (run[1] - run[0]) + text.length];
        System.arraycopy(b, 0, out, 0, run[0]);
        System.arraycopy(text, 0, out, run[0], text.length);
        System.arraycopy(b, run[1], out, run[0] + text.length, b.length - run[1]);
        return out;
    }

    private static int interesting(Random rnd, int length) {
        int[] values = {0, 1, 2, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xffff, 0x10000, length - 1, length,
            length + 1, 1 << 30};
        return rnd.nextInt(4) == 0 ? rnd.nextInt() : values[rnd.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- valid inputs

    private Path valid(Kind kind) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("valid"));
        Path file = dir.resolve(kind.name().toLowerCase() + (kind == Kind.NPY_DEPTH ? ".npy" : ".tif"));
        if (Files.exists(file)) {
            return file;
        }
        Random rnd = new Random(7);
        float[] depth = new float[W * H];
        for (int i = 0; i < depth.length; i++) {
            depth[i] = 1 + rnd.nextFloat();
        }
        switch (kind) {
            case STACK8:
            case STACK16: {
                ImageStack stack = new ImageStack(W, H);
                for (int s = 0; s < 3; s++) {
                    if (kind == Kind.STACK8) {
                        byte[] p = new byte[W * H];
                        rnd.nextBytes(p);
                        stack.addSlice("s" + s, new ByteProcessor(W, H, p));
                    } else {
                        short[] p = new short[W * H];
                        for (int i = 0; i < p.length; i++) {
                            p[i] = (short) rnd.nextInt(65536);
                        }
                        stack.addSlice("s" + s, new ShortProcessor(W, H, p, null));
                    }
                }
                assertTrue(new FileSaver(new ImagePlus("stack", stack)).saveAsTiffStack(file.toString()));
                break;
            }
            case NPY_DEPTH:
                Npy.writeFloat32(file, depth, H, W);
                break;
            default:
                assertTrue(new FileSaver(new ImagePlus("depth", new FloatProcessor(W, H, depth.clone())))
                        .saveAsTiff(file.toString()));
        }
        return file;
    }

    private static List<String> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toList());
        }
    }
}
