package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.zedd.ZeddFixture;

class ZeddCommandTest {

    @TempDir
    Path tmp;

    @Test
    void validationRunPrintsThePapersTable() {
        CliRun r = CliRun.of("benchmark", "zedd", "--root", ZeddFixture.shared().toString(), "--split", "val",
                "--fnumber", "2.8", "--focus-indices", "0,2,4,6,8", "--method", "dff", "--out", tmp.resolve("o").toString());
        assertEquals(0, r.code, r::toString);
        String[] lines = r.out.split("\\R");
        assertTrue(lines[0].startsWith("ZEDD val: 3 scene(s) at 640x480, F2.8, focus indices 0,2,4,6,8, method dff"),
                r::toString);
        assertTrue(lines[1].matches("scene\\s+AbsRel\\s+SqRel\\s+RMSE\\s+RMSElog.*F1"), r::toString);
        assertTrue(r.out.contains("\nmean "), r::toString);
        assertTrue(r.out.contains("ViT-S AbsRel 0.0985"), r::toString);
        assertTrue(r.err.contains("[3/3] scene_3:"), r::toString);
        assertTrue(Files.isRegularFile(tmp.resolve("o/metrics.csv")));
        assertTrue(Files.isRegularFile(tmp.resolve("o/scene_2.npy")));
    }

    @Test
    void fossaRunsWithTheBuiltInModel() {
        CliRun r = CliRun.of("benchmark", "zedd", "--root", ZeddFixture.shared().toString(), "--method", "fossa",
                "--model", "builtin:tiny", "--quiet");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.startsWith("ZEDD val: 3 scene(s) at 640x480, F2.8, focus indices 0,2,4,6,8, method fossa "
                + "(model builtin:tiny, runtime onnx)"), r::toString);
        assertTrue(r.out.contains("\nmean "), r::toString);
    }

    @Test
    void testSplitWritesTheServersZip() throws IOException {
        Path root = tmp.resolve("ZEDD");
        ZeddFixture.write(root, 0, 0, 0, 50, 72, 48);
        Path zip = tmp.resolve("submission.zip");
        CliRun r = CliRun.of("benchmark", "zedd", "--root", root.toString(), "--split", "test", "--test-height", "48",
                "--submission", zip.toString(), "--quiet");
        assertEquals(0, r.code, r::toString);
        assertTrue(r.out.contains("wrote " + zip + ": 50 depth maps of 1824x1216"), r::toString);
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = z.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                names.add(e.getName());
                byte[] bytes;
                try (InputStream in = z.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
                String header = new String(bytes, 10, headerLen, StandardCharsets.ISO_8859_1);
                assertTrue(header.contains("'descr': '<f4'"), header);
                assertTrue(header.contains("'fortran_order': False"), header);
                assertTrue(header.contains("'shape': (1216, 1824)"), header);
                assertEquals(10 + headerLen + 4L * 1216 * 1824, bytes.length, e.getName());
                ByteBuffer b = ByteBuffer.wrap(bytes, 10 + headerLen, 4 * 1216 * 1824).slice()
                        .order(ByteOrder.LITTLE_ENDIAN);
                double sum = 0;
                for (int i = 0; i < 1216 * 1824; i++) {
                    float v = b.getFloat(4 * i);
                    assertTrue(Float.isFinite(v), e.getName());
                    sum += v;
                }
                // Scenes span 0.7..2.3 m; a depth map of them cannot average outside the focus range.
                double mean = sum / (1216 * 1824);
                assertTrue(mean > ZeddFixture.focusM(1) && mean < ZeddFixture.focusM(9), e.getName() + " " + mean);
            }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            expected.add(String.format("zedd_output_%04d.npy", i));
        }
        assertEquals(expected, names);
        try (java.util.stream.Stream<Path> s = Files.list(tmp)) {
            assertArrayEquals(new Object[] {root, zip}, s.sorted().toArray(), "no temporary file left");
        }
    }

    private CliRun zedd(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "benchmark";
        all[1] = "zedd";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(all);
    }

    @Test
    void missingRoot() {
        Path missing = tmp.resolve("nowhere");
        zedd("--root", missing.toString()).assertBadInput("benchmark zedd", "--root: " + missing, "metadata.txt");
    }

    @Test
    void missingMetadata() throws IOException {
        Path root = ZeddFixture.copyOfShared(tmp.resolve("ZEDD"));
        Files.delete(root.resolve("metadata.txt"));
        zedd("--root", root.toString()).assertBadInput("benchmark zedd", root.resolve("metadata.txt").toString(),
                "no such file");
    }

    @Test
    void badMetadataLine() throws IOException {
        Path root = ZeddFixture.copyOfShared(tmp.resolve("ZEDD"));
        Files.write(root.resolve("metadata.txt"), "# runs\nrun_1\t0a10\t0.6\nrun_2 0b20 0.7\n".getBytes(
                StandardCharsets.UTF_8));
        zedd("--root", root.toString()).assertBadInput("benchmark zedd", "metadata.txt line 3:",
                "run_id<TAB>motor_hex<TAB>focus_distance_m");
    }

    @Test
    void wrongSplit() {
        zedd("--root", ZeddFixture.shared().toString(), "--split", "train")
                .assertBadInput("benchmark zedd", "--split: 'train'", "expected val or test");
    }

    @Test
    void missingFNumberImages() {
        zedd("--root", ZeddFixture.shared().toString(), "--fnumber", "4")
                .assertBadInput("benchmark zedd", "focus_stack: no image for focus index 0 at F4.0",
                        "img_run_1_motor_" + ZeddFixture.motorHex(1) + "_aperture_F4.0.jpg");
    }

    @Test
    void motorHexContradictingMetadata() throws IOException {
        Path root = ZeddFixture.copyOfShared(tmp.resolve("ZEDD"));
        Path stack = root.resolve("val/scene_2/focus_stack");
        Path bad = stack.resolve("img_run_3_motor_0bad_aperture_F2.8.jpg");
        Files.move(stack.resolve("img_run_3_motor_" + ZeddFixture.motorHex(3) + "_aperture_F2.8.jpg"), bad);
        zedd("--root", root.toString()).assertBadInput("benchmark zedd", bad + ": motor 0bad does not match");
    }

    @Test
    void wrongSceneCountWritesNoZip() {
        Path zip = tmp.resolve("sub.zip");
        Path root = ZeddFixture.shared();
        zedd("--root", root.toString(), "--split", "test", "--submission", zip.toString())
                .assertBadInput("benchmark zedd", root.resolve("test") + ": 3 scene folder(s)", "exactly 50",
                        "--root " + root);
        assertFalse(Files.exists(zip));
    }

    @Test
    void submissionIsForTheTestSplitOnly() {
        Path zip = tmp.resolve("sub.zip");
        zedd("--root", ZeddFixture.shared().toString(), "--submission", zip.toString())
                .assertBadInput("benchmark zedd", "--submission: only for --split test");
        assertFalse(Files.exists(zip));
    }

    @Test
    void badFocusIndices() {
        zedd("--root", ZeddFixture.shared().toString(), "--focus-indices", "0,two")
                .assertBadInput("benchmark zedd", "--focus-indices: 'two' is not an integer");
        zedd("--root", ZeddFixture.shared().toString(), "--focus-indices", "0,12")
                .assertBadInput("benchmark zedd", "no run_13 for focus index 12");
    }
}
