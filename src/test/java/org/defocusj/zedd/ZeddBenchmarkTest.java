package org.defocusj.zedd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthSession;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.io.Npy;
import org.defocusj.stack.CameraIntrinsics;
import org.defocusj.stack.FocusStack;

class ZeddBenchmarkTest {

    private static final DepthSession DFF = DepthSession.of("dff",
            () -> new DepthFromFocus(DffParameters.defaults()));

    @TempDir
    Path tmp;

    @Test
    void validationSplitWithDepthFromFocusRecoversTheRenderedDepth() throws IOException {
        ZeddLayout layout = ZeddLayout.open(ZeddFixture.shared());
        ZeddBenchmark.Settings s = new ZeddBenchmark.Settings().outDir(tmp.resolve("out"));
        ZeddBenchmark.Result r = new ZeddBenchmark(layout, s, DFF, null).run();
        assertEquals(List.of("scene_1", "scene_2", "scene_3"), r.scenes());
        assertEquals(640, r.width());
        assertEquals(480, r.height());
        DepthMetrics mean = r.evaluations().mean();
        System.out.println("ZEDD fixture, dff: " + mean);
        // Measured: abs_rel 0.0765 (scenes 0.069..0.082), d1 0.962 with the default sum-modified-Laplacian over
        // five slices. The same run with metadata.txt's distances shifted by one run gives abs_rel 0.273 and d1
        // 0.613, so these bounds catch a wrong run-to-distance mapping while leaving room for JPEG codec and
        // floating-point differences between platforms.
        assertTrue(mean.get("abs_rel") < 0.12, () -> "abs_rel " + mean.get("abs_rel"));
        assertTrue(mean.get("d1") > 0.9, () -> "d1 " + mean.get("d1"));
        for (ImageEvaluation e : r.evaluations().images()) {
            // The NaN block and the 0 m / 2000 m pixels sit in the top-left corner, which the centre crop removes
            // (left edge 40 of 720): every one of the 640 x 480 pixels is valid.
            assertEquals(640L * 480, e.metrics().validPixels(), e.name());
        }
        for (String scene : r.scenes()) {
            Npy.Array a = Npy.read(tmp.resolve("out").resolve(scene + ".npy"));
            assertArrayEquals(new int[] {480, 640}, a.shape());
        }
        assertTrue(Files.isRegularFile(tmp.resolve("out/metrics.csv")));
        assertTrue(Files.isRegularFile(tmp.resolve("out/metrics.json")));
        List<String> table = ZeddReport.table(s, r, "dff");
        assertTrue(table.get(1).startsWith("scene ") && table.get(1).contains("AbsRel"), table.get(1));
        assertTrue(table.stream().anyMatch(l -> l.startsWith("mean ")), String.join("\n", table));
        assertTrue(table.get(table.size() - 1).contains("0.0985"), String.join("\n", table));
    }

    @Test
    void invalidGroundTruthIsLeftOutWhereTheCropKeepsIt(@TempDir Path dir) throws IOException {
        // Without cropping (an image exactly 480 high and at most 640 wide), the corner's invalid pixels stay:
        // a 10 x 10 NaN block, one 0 m and one 2000 m pixel.
        Path root = dir.resolve("ZEDD");
        ZeddFixture.write(root, 1, 120, 480, 0, 0, 0);
        ZeddBenchmark.Result r = new ZeddBenchmark(ZeddLayout.open(root), new ZeddBenchmark.Settings(), DFF, null).run();
        int invalid = ZeddFixture.INVALID_BLOCK * ZeddFixture.INVALID_BLOCK + 2;
        assertEquals(120L * 480 - invalid, r.evaluations().images().get(0).metrics().validPixels());
    }

    @Test
    void preprocessedSceneHasTheAdjustedIntrinsicsAndMetadataDistances() {
        ZeddLayout layout = ZeddLayout.open(ZeddFixture.shared());
        ZeddBenchmark b = new ZeddBenchmark(layout, new ZeddBenchmark.Settings(), DFF, null);
        ZeddBenchmark.Input in = b.load(layout.scenes(ZeddSplit.VAL).get(0));
        FocusStack stack = in.stack;
        assertEquals(640, stack.width());
        assertEquals(480, stack.height());
        assertEquals(3, stack.channels());
        double[] fd = stack.focus().toArray();
        for (int i = 0; i < 5; i++) {
            assertEquals(ZeddFixture.focusM(2 * i + 1), fd[i], 1e-6);
        }
        // fx = 1062.5 * 720 / 765 = 1000, fy = 1062.5 * 480 / 510 = 1000, cx = 382.5 * 720 / 765 - 40 = 320,
        // cy = 255 * 480 / 510 = 240.
        assertArrayEquals(new double[] {1000, 0, 320, 0, 1000, 240, 0, 0, 1}, in.intrinsics, 1e-9);
    }

    @Test
    void fossaGetsTheFocalLengthOfTheAdjustedK() throws IOException {
        // FOSSA's canonical depth needs f_px = max(fx, fy) of K as fed: 1062.5 px at 765 wide becomes 1000 px.
        List<CameraIntrinsics> seen = new ArrayList<>();
        ZeddBenchmark.Settings s = new ZeddBenchmark.Settings();
        new ZeddBenchmark(ZeddLayout.open(ZeddFixture.shared()), s, DepthSession.of("spy", () -> new DepthEstimator() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public org.defocusj.depth.DepthResult estimate(FocusStack stack, org.defocusj.depth.ProgressListener p) {
                seen.add(stack.intrinsics());
                return DFF.estimator().estimate(stack, p);
            }
        }), null).run();
        assertEquals(3, seen.size());
        for (CameraIntrinsics k : seen) {
            assertEquals(1000, k.focalLengthPx(), 1e-9);
            assertTrue(k.origin().contains("K.txt (adjusted to 640x480)"), k.origin());
        }
    }

    @Test
    void submissionZipHoldsEveryTestSceneInNameOrderAsFloat32(@TempDir Path dir) throws IOException {
        Path root = dir.resolve("ZEDD");
        ZeddFixture.write(root, 0, 0, 0, 11, 36, 24);
        Path zip = dir.resolve("sub.zip");
        ZeddBenchmark.Settings s = new ZeddBenchmark.Settings().split(ZeddSplit.TEST).workHeight(24).submission(zip)
                .submissionFormat(11, 30, 45);
        // An estimator that answers the scene's first focus distance times the scene number, to see the order.
        List<FocusStack> seen = new ArrayList<>();
        DepthSession constant = DepthSession.of("constant", () -> new DepthEstimator() {
            @Override
            public String name() {
                return "constant";
            }

            @Override
            public org.defocusj.depth.DepthResult estimate(FocusStack stack, org.defocusj.depth.ProgressListener p) {
                seen.add(stack);
                float[] d = new float[stack.width() * stack.height()];
                java.util.Arrays.fill(d, seen.size());
                return new org.defocusj.depth.DepthResult(net.imglib2.img.array.ArrayImgs.floats(d, stack.width(),
                        stack.height()), null, null, stack.unit(), java.util.Map.of());
            }
        });
        ZeddBenchmark.Result r = new ZeddBenchmark(ZeddLayout.open(root), s, constant, null).run();
        assertEquals("scene_1", r.scenes().get(0));
        assertEquals("scene_2", r.scenes().get(1));
        assertEquals("scene_10", r.scenes().get(9));
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertEquals(11, z.size());
            for (int i = 1; i <= 11; i++) {
                ZipEntry e = z.getEntry(SubmissionZip.entryName(i));
                Path npy = dir.resolve("e.npy");
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, npy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                Npy.Array a = Npy.read(npy);
                assertArrayEquals(new int[] {30, 45}, a.shape());
                for (float v : a.data()) {
                    assertEquals(i, v, 0f);
                }
            }
        }
        assertEquals("zedd_output_0001.npy", SubmissionZip.entryName(1));
        assertEquals("zedd_output_0050.npy", SubmissionZip.entryName(50));
    }

    @Test
    void wrongSceneCountForASubmissionWritesNothing(@TempDir Path dir) throws IOException {
        Path zip = dir.resolve("sub.zip");
        ZeddBenchmark.Settings s = new ZeddBenchmark.Settings().split(ZeddSplit.TEST).submission(zip);
        BadInputException e = assertThrows(BadInputException.class,
                () -> new ZeddBenchmark(ZeddLayout.open(ZeddFixture.shared()), s, DFF, null).run());
        assertTrue(e.getMessage().contains("exactly 50"), e.getMessage());
        assertTrue(e.getMessage().contains(ZeddFixture.shared().toString()), e.getMessage());
        assertFalse(Files.exists(zip));
        try (java.util.stream.Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "no temporary file left behind");
        }
    }
}
