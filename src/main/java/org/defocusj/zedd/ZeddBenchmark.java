package org.defocusj.zedd;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;

import org.defocusj.BadInputException;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.dff.HoleFilling;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.EvaluationReport;
import org.defocusj.eval.EvaluationSet;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.Npy;
import org.defocusj.stack.CameraIntrinsics;
import org.defocusj.stack.DepthMap;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.ImagePlusStacks;

/**
 * Runs a depth estimator over a ZEDD split as the reference evaluates it: the focus images of the chosen focus
 * indices at the chosen f-number, focus distances from metadata.txt, preprocessing by
 * {@link ZeddPreprocessing}, the focal length in pixels as max(fx, fy) of the adjusted K (for FOSSA's canonical
 * depth, with the preprocessed width). On the validation split every scene is evaluated with FOSSA's metric
 * definitions (valid ground truth finite and within [0.01, 1000] m) and the split's figure is the mean over
 * scenes; on the test split the predictions go into the server's submission zip.
 *
 * <p>Predictions must be dense for the server, and are made so for both splits alike: a method that leaves
 * pixels without an estimate (NaN) has them filled from their neighbours ({@link HoleFilling}), and the count is
 * reported.
 */
public final class ZeddBenchmark {

    /** What to run; defaults are the authors' protocol. */
    public static final class Settings {
        ZeddSplit split = ZeddSplit.VAL;
        double fNumber = 2.8;
        int[] focusIndices = {0, 2, 4, 6, 8};
        int workHeight = -1;
        Path submission;
        Path outDir;
        Map<String, Path> methodFiles = Map.of();
        int submissionCount = SubmissionZip.SERVER_COUNT;
        int submissionHeight = SubmissionZip.SERVER_HEIGHT;
        int submissionWidth = SubmissionZip.SERVER_WIDTH;

        public Settings split(ZeddSplit s) {
            split = s;
            return this;
        }

        public Settings fNumber(double f) {
            if (!(f > 0) || Double.isInfinite(f)) {
                throw BadInputException.forParameter("fnumber", f + " (expected a positive f-number such as 2.8)");
            }
            fNumber = f;
            return this;
        }

        public Settings focusIndices(int... k) {
            focusIndices = k.clone();
            return this;
        }

        /**
         * Height the test split is processed at (default: the split's own, 1216, as the reference). The width is
         * cropped in the same 2:3 proportion; predictions are resized bilinearly to the server's size.
         */
        public Settings workHeight(int h) {
            if (h < 8) {
                throw BadInputException.forParameter("test-height", h + " (expected at least 8 pixels)");
            }
            workHeight = h;
            return this;
        }

        public Settings submission(Path zip) {
            submission = zip;
            return this;
        }

        public Settings outDir(Path dir) {
            outDir = dir;
            return this;
        }

        /** Files the method reads ({@code DepthSettings.inputFiles()}): no output may replace one. */
        public Settings methodFiles(Map<String, Path> files) {
            methodFiles = Map.copyOf(files);
            return this;
        }

        /** The server's count and size; only tests change them. */
        Settings submissionFormat(int count, int height, int width) {
            submissionCount = count;
            submissionHeight = height;
            submissionWidth = width;
            return this;
        }

        int height() {
            return split == ZeddSplit.TEST && workHeight > 0 ? workHeight : split.height();
        }

        int width() {
            return split == ZeddSplit.TEST && workHeight > 0
                    ? (int) Math.round(workHeight * (double) split.width() / split.height()) : split.width();
        }

        /** True for the authors' reported protocol: F2.8, focus indices 0,2,4,6,8. */
        boolean isAuthorsProtocol() {
            return String.format(Locale.ROOT, "%.1f", fNumber).equals("2.8")
                    && Arrays.equals(focusIndices, new int[] {0, 2, 4, 6, 8});
        }

        void validate() {
            if (focusIndices.length < 2) {
                throw BadInputException.forParameter("focus-indices", focusIndices.length + " index given "
                        + "(expected at least 2, e.g. 0,2,4,6,8)");
            }
            for (int i = 0; i < focusIndices.length; i++) {
                if (focusIndices[i] < 0) {
                    throw BadInputException.forParameter("focus-indices", focusIndices[i] + " (expected indices >= 0; "
                            + "index k is run_<k+1>)");
                }
                for (int j = 0; j < i; j++) {
                    if (focusIndices[j] == focusIndices[i]) {
                        throw BadInputException.forParameter("focus-indices", focusIndices[i] + " is given twice");
                    }
                }
            }
            if (split == ZeddSplit.VAL && submission != null) {
                throw BadInputException.forParameter("submission", "only for " + BadInputException.ref("split")
                        + " test (the validation split is evaluated here, against its ground truth)");
            }
            if (split == ZeddSplit.TEST && submission == null && outDir == null) {
                throw new BadInputException(BadInputException.ref("split") + " test: the test split has no ground "
                        + "truth here; give " + BadInputException.ref("submission") + " OUT.zip (the test server's "
                        + "format) and/or " + BadInputException.ref("out") + " DIR");
            }
        }
    }

    /** What a run produced. */
    public static final class Result {
        final List<String> scenes = new ArrayList<>();
        final EvaluationSet evaluations = new EvaluationSet();
        long filledPixels;
        int width;
        int height;

        /** Scene names, in the order processed (the submission's order). */
        public List<String> scenes() {
            return scenes;
        }

        /** Per-scene metrics (validation split only; empty for test). */
        public EvaluationSet evaluations() {
            return evaluations;
        }

        /** Pixels without an estimate that were filled from their neighbours, over all scenes. */
        public long filledPixels() {
            return filledPixels;
        }

        /** Size the scenes were processed at (that of the last scene). */
        public int width() {
            return width;
        }

        public int height() {
            return height;
        }
    }

    /** A preprocessed scene: the stack as fed to the estimator, the adjusted K and the ground truth (or null). */
    static final class Input {
        final FocusStack stack;
        final double[] intrinsics;
        final float[] groundTruth;
        final ZeddPreprocessing.Geometry geometry;

        Input(FocusStack stack, double[] intrinsics, float[] groundTruth, ZeddPreprocessing.Geometry geometry) {
            this.stack = stack;
            this.intrinsics = intrinsics;
            this.groundTruth = groundTruth;
            this.geometry = geometry;
        }
    }

    private final ZeddLayout layout;
    private final Settings settings;
    private final DepthSession method;
    private final PrintWriter log;

    /**
     * @param method the opened depth method; each scene's stack carries its focal length from the scene's K
     * @param log    progress lines, or null for none
     */
    public ZeddBenchmark(ZeddLayout layout, Settings settings, DepthSession method, PrintWriter log) {
        this.layout = layout;
        this.settings = settings;
        this.method = method;
        this.log = log;
    }

    /** Checks everything that can be checked before the long loop, then runs every scene. */
    public Result run() throws IOException {
        settings.validate();
        List<ZeddScene> scenes = layout.scenes(settings.split);
        if (settings.submission != null && scenes.size() != settings.submissionCount) {
            throw new BadInputException(layout.root().resolve(settings.split.folder()) + ": " + scenes.size()
                    + " scene folder(s), but a test-server submission needs exactly " + settings.submissionCount
                    + " (is " + BadInputException.ref("root") + " " + layout.root() + " the complete ZEDD download?)");
        }
        for (ZeddScene s : scenes) {
            preflight(s);
        }
        Result result = new Result();
        try (AtomicOutputs outputs = new AtomicOutputs().input(layout.root(), "root")
                .inputs(settings.methodFiles);
                SubmissionZip zip = settings.submission == null ? null : new SubmissionZip(outputs,
                        settings.submission, "submission", settings.submissionCount, settings.submissionHeight,
                        settings.submissionWidth)) {
            List<Path> perScene = new ArrayList<>();
            for (ZeddScene s : scenes) {
                perScene.add(settings.outDir == null ? null : outputs.reserve(settings.outDir.resolve(s.name() + ".npy"),
                        "out"));
            }
            Path csv = null;
            Path json = null;
            if (settings.outDir != null && settings.split.hasGroundTruth()) {
                csv = outputs.reserve(settings.outDir.resolve("metrics.csv"), "out");
                json = outputs.reserve(settings.outDir.resolve("metrics.json"), "out");
            }
            long start = System.nanoTime();
            for (int i = 0; i < scenes.size(); i++) {
                long t0 = System.nanoTime();
                ZeddScene scene = scenes.get(i);
                String note = runScene(scene, perScene.get(i), zip, result);
                progress(i + 1, scenes.size(), scene.name(), note, t0, start);
            }
            if (csv != null) {
                EvaluationReport.writeCsv(result.evaluations, csv);
                EvaluationReport.write(EvaluationReport.json(result.evaluations), json);
            }
            if (zip != null) {
                zip.finish();
            }
            outputs.commit();
        }
        return result;
    }

    /** Fails early, naming the file, when a scene lacks an input the run will need. */
    private void preflight(ZeddScene scene) {
        for (int k : settings.focusIndices) {
            scene.focusImage(layout.metadata(), k, settings.fNumber);
        }
        ZeddScene.require(scene.intrinsicsFile(), "the scene's 3 x 3 intrinsics K");
        if (settings.split.hasGroundTruth()) {
            ZeddScene.require(scene.depthFile(), "the scene's ground-truth depth in metres");
        }
    }

    private String runScene(ZeddScene scene, Path npy, SubmissionZip zip, Result result) throws IOException {
        Input in = load(scene);
        FocusStack stack = in.stack;
        int w = stack.width();
        int h = stack.height();
        DepthResult r = method.estimator().estimate(stack, null);
        float[] depth = FloatMaps.data(r.depth()).clone();
        long filled = makeDense(depth, w, h, scene);
        result.filledPixels += filled;
        result.scenes.add(scene.name());
        result.width = w;
        result.height = h;
        if (npy != null) {
            Npy.writeFloat32(npy, depth, h, w);
        }
        String note = filled > 0 ? filled + " pixel(s) filled" : "";
        if (in.groundTruth != null) {
            String predName = settings.outDir != null ? settings.outDir.resolve(scene.name() + ".npy").toString()
                    : scene.name() + " (prediction)";
            ImageEvaluation e = DepthEvaluator.defaults().evaluate(scene.name(), new DepthMap(predName, w, h, depth),
                    new DepthMap(scene.depthFile().toString(), w, h, in.groundTruth), null);
            result.evaluations.add(e);
            note = String.format(Locale.ROOT, "abs_rel %.4f, d1 %.3f", e.metrics().get("abs_rel"),
                    e.metrics().get("d1")) + (note.isEmpty() ? "" : ", " + note);
        }
        if (zip != null) {
            boolean same = w == settings.submissionWidth && h == settings.submissionHeight;
            zip.add(same ? depth : Resampling.bilinear(depth, w, h, settings.submissionWidth,
                    settings.submissionHeight));
        }
        return note;
    }

    /** Reads and preprocesses one scene. */
    Input load(ZeddScene scene) {
        ZeddMetadata md = layout.metadata();
        int n = settings.focusIndices.length;
        double[] focus = new double[n];
        StringBuilder runs = new StringBuilder();
        ImageStack images = null;
        ZeddPreprocessing.Geometry g = null;
        Path first = null;
        for (int i = 0; i < n; i++) {
            int k = settings.focusIndices[i];
            Path file = scene.focusImage(md, k, settings.fNumber);
            ZeddMetadata.Run run = md.forFocusIndex(k);
            focus[i] = run.focusM();
            runs.append(i == 0 ? "" : ",").append(run.index());
            ZeddPreprocessing.Decoded d = ZeddPreprocessing.read(file);
            if (g == null) {
                g = ZeddPreprocessing.plan(d.width, d.height, settings.height(), settings.width());
                images = new ImageStack(g.width(), g.height());
                first = file;
            } else if (d.width != g.sourceWidth || d.height != g.sourceHeight) {
                throw new BadInputException(file + ": is " + d.width + "x" + d.height + " but " + first.getFileName()
                        + " is " + g.sourceWidth + "x" + g.sourceHeight + " (expected one size per scene)");
            }
            images.addSlice(file.getFileName().toString(),
                    new ColorProcessor(g.width(), g.height(), ZeddPreprocessing.image(d.rgb, g)));
        }
        FocusDistances distances = new FocusDistances(focus, DistanceUnit.M, md.source() + " (run_" + runs
                .toString().replace(",", ", run_") + ")");
        FocusStack stack = ImagePlusStacks.wrap(new ImagePlus(scene.name(), images),
                FocusSource.explicit(focus, DistanceUnit.M), null, scene.name()).withFocus(distances);
        double[] k = ZeddPreprocessing.adjustIntrinsics(CameraIntrinsics.readMatrix(
                ZeddScene.require(scene.intrinsicsFile(), "the scene's 3 x 3 intrinsics K")), g);
        float[] gt = settings.split.hasGroundTruth() ? groundTruth(scene, g) : null;
        FocalLength f = FocalLength.ofPixels(Math.max(k[0], k[4]), scene.intrinsicsFile() + " (adjusted to "
                + g.width() + "x" + g.height() + ")");
        return new Input(stack.withFocalLength(f), k, gt, g);
    }

    private static float[] groundTruth(ZeddScene scene, ZeddPreprocessing.Geometry g) {
        Path file = ZeddScene.require(scene.depthFile(), "the scene's ground-truth depth in metres");
        Npy.Array a = Npy.read(file);
        int[] shape = a.shape();
        boolean fits = (shape.length == 2 || (shape.length == 3 && shape[2] == 1))
                && shape[0] == g.sourceHeight && shape[1] == g.sourceWidth;
        if (!fits) {
            throw new BadInputException(file + ": shape " + Arrays.toString(shape) + " (expected (" + g.sourceHeight
                    + ", " + g.sourceWidth + "), the size of the scene's images)");
        }
        return ZeddPreprocessing.groundTruth(a.data(), g);
    }

    /** Replaces non-finite depth by values filled from the neighbours; returns how many pixels were filled. */
    private static long makeDense(float[] depth, int w, int h, ZeddScene scene) {
        long holes = 0;
        for (int i = 0; i < depth.length; i++) {
            if (!Float.isFinite(depth[i])) {
                depth[i] = Float.NaN;
                holes++;
            }
        }
        if (holes == 0) {
            return 0;
        }
        if (holes == depth.length) {
            throw new BadInputException(scene.dir() + ": the estimator gave no finite depth anywhere (expected a "
                    + "depth map; check " + BadInputException.ref("method") + " and "
                    + BadInputException.ref("min-confidence") + ")");
        }
        HoleFilling.fillNaN(depth, w, h);
        return holes;
    }

    private void progress(int done, int total, String name, String note, long t0, long start) {
        if (log == null) {
            return;
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double eta = elapsed / done * (total - done);
        log.printf(Locale.ROOT, "[%d/%d] %s: %.1f s%s (ETA %.0f s)%n", done, total, name, s,
                note.isEmpty() ? "" : ", " + note, eta);
        log.flush();
    }
}
