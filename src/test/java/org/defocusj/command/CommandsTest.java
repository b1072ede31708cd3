package org.defocusj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import org.defocusj.BadInputException;
import org.defocusj.Defocus;
import org.defocusj.TestStacks;
import org.defocusj.batch.BatchJob;
import org.defocusj.batch.StackOutcome;
import org.defocusj.depth.DepthMethods;
import org.defocusj.dff.DffParameters;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.DepthMetrics;
import org.defocusj.eval.EvaluationSpace;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.fossa.FossaSettings;
import org.defocusj.io.DepthImages;
import org.defocusj.io.DepthPng;
import org.defocusj.io.Luts;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.synth.SyntheticScene;

/**
 * The SciJava commands run through a real, headless {@link Context} ({@code CommandService.run(...).get()}), as
 * scripts and Fiji run them: outputs carry calibration, value unit and the viridis LUT; bad input names the
 * parameter and leaves no output.
 */
class CommandsTest {

    static final Path PLANE_STEP = Paths.get("sample-stacks", "plane-step");

    static Context context;
    static CommandService commands;
    static ModuleService modules;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        assertTrue(GraphicsEnvironment.isHeadless(), "tests run headless (surefire sets java.awt.headless)");
        context = new Context();
        commands = context.service(CommandService.class);
        modules = context.service(ModuleService.class);
    }

    @AfterAll
    static void stop() {
        context.dispose();
    }

    @BeforeEach
    void noImagesOpen() {
        ResultsTable.getResultsTable().reset();
        assertEquals(0, WindowManager.getImageCount());
    }

    static ImagePlus planeStep() {
        ImagePlus imp = IJ.openImage(PLANE_STEP.resolve("stack.tif").toString());
        assertNotNull(imp);
        return imp;
    }

    static ImagePlus groundTruth() {
        return IJ.openImage(PLANE_STEP.resolve("depth-gt.tif").toString());
    }

    /*
     * DefocusJ's commands are DynamicCommands (their declared parameters become inputs at run time), and SciJava's
     * CommandService.run(...) returns no Future for those ("design flaw" in its API, as it logs), so scripts and
     * these tests run them through the ModuleService, which returns the command itself as the module.
     */
    private static Module run(Class<? extends Command> type, Object... inputs) throws Exception {
        return modules.run(commands.getCommand(type), true, inputs).get();
    }

    private static Throwable failure(Class<? extends Command> type, Object... inputs) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(type, inputs));
        // SciJava wraps what the command threw ("Module threw exception"); scripts see it as the cause.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof BadInputException) {
                return t;
            }
        }
        throw new AssertionError("no BadInputException in the causes", e);
    }

    @Test
    void commandsAreIndexedWithoutMenuPaths() {
        for (Class<? extends Command> c : Arrays.asList(DepthFromFocusCommand.class, FossaDepthCommand.class,
                SimulateFocusStackCommand.class, EvaluateDepthCommand.class, BatchProcessFolderCommand.class)) {
            CommandInfo info = commands.getCommand(c);
            assertNotNull(info, c + " is in the plugin index");
            assertTrue(info.getMenuPath() == null || info.getMenuPath().isEmpty(),
                    c + " has no SciJava menu path (plugins.config makes the one menu entry)");
            assertTrue(info.canRunHeadless(), c + " runs headless");
        }
    }

    /** The aligned-stack checkbox gives the stack as the method saw it (here unaligned: as read) as a new image. */
    @Test
    void depthFromFocusShowsTheAlignedStackOnRequest() throws Exception {
        ImagePlus stack = planeStep();
        assertNull(run(DepthFromFocusCommand.class, "stack", stack, "focus", "auto", "align", "off")
                .getOutput("alignedImage"));
        Module m = run(DepthFromFocusCommand.class, "stack", stack, "focus", "auto", "align", "off", "alignedStack",
                true);
        ImagePlus aligned = (ImagePlus) m.getOutput("alignedImage");
        assertNotNull(aligned);
        assertEquals("stack-aligned", aligned.getTitle());
        assertEquals(stack.getStackSize(), aligned.getStackSize());
        assertEquals(stack.getBitDepth(), aligned.getBitDepth());
        assertFalse(aligned.getStack().isVirtual(), "held in memory, independent of the input");
        for (int n = 1; n <= stack.getStackSize(); n++) {
            int[] in = (int[]) stack.getStack().getPixels(n);
            int[] as = (int[]) aligned.getStack().getPixels(n);
            for (int i = 0; i < in.length; i++) {
                assertEquals(in[i] & 0xffffff, as[i] & 0xffffff, "slice " + n + " pixel " + i);
            }
        }
        assertTrue(aligned.getInfoProperty().contains("method = dff"), aligned.getInfoProperty());
    }

    @Test
    void depthFromFocusOnThePlaneStepSample() throws Exception {
        ImagePlus stack = planeStep();
        Module m = run(DepthFromFocusCommand.class, "stack", stack, "focus", "auto", "window", 9);
        ImagePlus depth = (ImagePlus) m.getOutput("depth");
        assertEquals("stack-depth", depth.getTitle());
        assertEquals(32, depth.getBitDepth());
        assertEquals("m", depth.getCalibration().getValueUnit());
        assertEquals(stack.getCalibration().getUnit(), depth.getCalibration().getUnit());
        assertEquals(stack.getCalibration().pixelWidth, depth.getCalibration().pixelWidth, 0);
        assertViridis(depth);
        assertTrue(depth.getInfoProperty().contains("method = dff"), depth.getInfoProperty());
        float[] d = (float[]) depth.getProcessor().getPixels();
        float[] gt = (float[]) groundTruth().getProcessor().getPixels();
        assertEquals(0.016, TestStacks.absRel(d, gt, null), 0.01, "README: about 2 % abs_rel on plane-step");

        ImagePlus confidence = (ImagePlus) m.getOutput("confidence");
        assertEquals("stack-confidence", confidence.getTitle());
        float[] c = (float[]) confidence.getProcessor().getPixels();
        for (float v : c) {
            assertTrue(v >= 0 && v <= 1);
        }
        ImagePlus aif = (ImagePlus) m.getOutput("allInFocus");
        assertEquals("stack-all-in-focus", aif.getTitle());
        assertEquals(24, aif.getBitDepth());
        assertEquals(0, WindowManager.getImageCount(), "SciJava shows outputs itself; the command opens nothing");
    }

    static void assertViridis(ImagePlus depth) {
        LUT lut = depth.getProcessor().getLut();
        for (int i : new int[] {0, 100, 255}) {
            int rgb = DepthPng.viridis(i / 255.0) & 0xffffff;
            assertEquals(rgb, lut.getRGB(i) & 0xffffff, "viridis entry " + i);
        }
        float[] d = (float[]) depth.getProcessor().getPixels();
        double[] range = DepthPng.displayRange(d);
        assertEquals(range[0], depth.getDisplayRangeMin(), 1e-6);
        assertEquals(range[1], depth.getDisplayRangeMax(), 1e-6);
    }

    @Test
    void calibrationBarIsAnOverlayWithTheDepthColours() throws Exception {
        ImagePlus stack = planeStep();
        ImagePlus plain = (ImagePlus) run(DepthFromFocusCommand.class, "stack", stack).getOutput("depth");
        assertNull(plain.getOverlay(), "no bar unless asked for");
        ImagePlus depth = (ImagePlus) run(DepthFromFocusCommand.class, "stack", stack, "calibrationBar", true)
                .getOutput("depth");
        assertEquals(1, depth.getOverlay().size());
        ij.gui.Roi bar = depth.getOverlay().get(0);
        assertInstanceOf(ij.gui.ImageRoi.class, bar);
        assertEquals(Luts.CALIBRATION_BAR, bar.getName());
        java.awt.Rectangle r = bar.getBounds();
        assertEquals(depth.getWidth(), r.x + r.width, "top right");
        assertEquals(0, r.y);
        assertTrue(r.height >= 120 && r.height <= depth.getHeight(), r::toString);
        int[] px = (int[]) ((ij.gui.ImageRoi) bar).getProcessor().getPixels();
        java.awt.image.BufferedImage expected = DepthPng.legend(depth.getDisplayRangeMin(),
                depth.getDisplayRangeMax(), "depth (m)", r.height);
        int[] want = expected.getRGB(0, 0, r.width, r.height, null, 0, r.width);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i] & 0xffffff, px[i] & 0xffffff, "the legend of the PNGs, over the display range");
        }
        assertTrue(java.util.Arrays.stream(px).map(p -> p & 0xffffff).distinct().count() > 100, "a colour gradient");
        assertEquals(plain.getProcessor().getPixelValue(5, 5), depth.getProcessor().getPixelValue(5, 5),
                "the overlay leaves the depth values alone");
    }

    @Test
    void relativeDepthWithIndex() throws Exception {
        Module m = run(DepthFromFocusCommand.class, "stack", planeStep(), "focus", "index",
                "allInFocusMode", "none", "confidenceMap", false);
        ImagePlus depth = (ImagePlus) m.getOutput("depth");
        assertEquals("slice", depth.getCalibration().getValueUnit());
        assertNull(m.getOutput("confidence"));
        assertNull(m.getOutput("allInFocus"));
    }

    @Test
    void focusOnTheTimeAxis() throws Exception {
        ImagePlus stack = planeStep();
        stack.setDimensions(1, 1, stack.getStackSize());
        Module m = run(DepthFromFocusCommand.class, "stack", stack, "focus",
                "0.5,0.5485,0.6074,0.6806,0.7742,0.8982,1.0706,1.3247", "unit", "m");
        assertEquals("m", ((ImagePlus) m.getOutput("depth")).getCalibration().getValueUnit());
    }

    @Test
    void simulateThenDepthThenEvaluate() throws Exception {
        int w = 120;
        int h = 90;
        SyntheticScene scene = SyntheticScene.planeAndStep(w, h, 0.55, 1.15, 7);
        ImagePlus aif = rgb(scene, "aif.png");
        ImagePlus gt = new ImagePlus("gt.tif", new FloatProcessor(w, h, scene.depth().clone()));
        gt.getCalibration().setValueUnit("m");
        String focus = "0.5,0.5485,0.6074,0.6806,0.7742,0.8982,1.0706,1.3247";
        Module sim = run(SimulateFocusStackCommand.class, "image", aif, "depthMap", gt, "focus", focus,
                "unit", "m", "fnumber", 1.4, "focalLengthMm", 50.0, "sensorWidthMm", 36.0 * w / 400);
        ImagePlus stack = (ImagePlus) sim.getOutput("focusStack");
        assertEquals("aif-focus-stack", stack.getTitle());
        assertEquals(8, stack.getStackSize());
        assertEquals(24, stack.getBitDepth());
        assertTrue(stack.getStack().getSliceLabel(1).startsWith("focus=0.5 m"), stack.getStack().getSliceLabel(1));

        ImagePlus depth = (ImagePlus) run(DepthFromFocusCommand.class, "stack", stack, "focus", "auto")
                .getOutput("depth");
        run(EvaluateDepthCommand.class, "prediction", depth, "groundTruth", gt, "minDepth", 0.01, "maxDepth", 1000.0);
        ResultsTable rt = ResultsTable.getResultsTable();
        assertEquals(1, rt.size());
        for (String key : DepthMetrics.KEYS) {
            assertTrue(rt.columnExists(key), key + " is a column");
        }
        assertEquals("aif-focus-stack-depth", rt.getStringValue("prediction", 0));
        assertEquals((double) w * h, rt.getValue(DepthMetrics.VALID_PIXELS, 0), 0);
        double absRel = rt.getValue("abs_rel", 0);
        float[] d = (float[]) depth.getProcessor().getPixels();
        assertEquals(TestStacks.absRel(d, scene.depth(), null), absRel, 1e-6);
        assertTrue(absRel < 0.05, "abs_rel " + absRel);
    }

    static ImagePlus rgb(SyntheticScene s, String title) {
        int n = s.width() * s.height();
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = ((int) s.rgb()[0][i] << 16) | ((int) s.rgb()[1][i] << 8) | (int) s.rgb()[2][i];
        }
        return new ImagePlus(title, new ij.process.ColorProcessor(s.width(), s.height(), px));
    }

    @Test
    void fossaWithAFileModel() throws Exception {
        // The closed-form test module: out = mean(x) * mean(fd_canonical), so depth = mean(x) * mean(fd) in metres.
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        ImagePlus stack = gray(102, 2, 6, 4);
        Module m = run(FossaDepthCommand.class, "stack", stack, "focus", "1,3", "unit", "m", "model",
                model.toString(), "focalLengthPx", 777.0);
        ImagePlus depth = (ImagePlus) m.getOutput("depth");
        assertEquals("gray-fossa-depth", depth.getTitle());
        assertEquals("m", depth.getCalibration().getValueUnit());
        assertEquals(0.8f, ((float[]) depth.getProcessor().getPixels())[5], 1e-5);
        assertViridis(depth);
        assertNull(m.getOutput("confidence"));
    }

    static ImagePlus gray(int value, int slices, int w, int h) {
        ImageStack st = new ImageStack(w, h);
        for (int z = 0; z < slices; z++) {
            byte[] px = new byte[w * h];
            Arrays.fill(px, (byte) value);
            st.addSlice(new ByteProcessor(w, h, px));
        }
        return new ImagePlus("gray.tif", st);
    }

    @Test
    void theScriptFacadeRunsTheSameActions() throws IOException {
        DepthImages out = Defocus.depthFromFocus(planeStep(), FocusSource.parse("auto", null, "m"),
                DffParameters.defaults());
        assertEquals(3, out.all().size());
        ImageEvaluation e = Defocus.evaluate(out.getDepth(), groundTruth(), DepthEvaluator.defaults());
        EvaluateDepthCommand.addRow(EvaluateDepthCommand.RESULTS, e, EvaluationSpace.DEPTH);
        Map<String, Double> metrics = e.metrics().asMap();
        assertEquals(DepthMetrics.KEYS.size(), metrics.size());
        assertEquals(0.016, metrics.get("abs_rel"), 0.01);
        assertEquals(1, ResultsTable.getResultsTable().size());
        Path model = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        DepthImages fossa = Defocus.fossa(gray(102, 2, 6, 4), FocusSource.parse("1000,3000", null, "mm"),
                FocalLength.ofPixels(777), FossaSettings.of(model.toString(), DffParameters.defaults()));
        assertEquals("mm", fossa.getDepth().getCalibration().getValueUnit());
        assertEquals(1, fossa.all().size());
    }

    /** Collects the status messages SciJava publishes. */
    public static final class StatusLog {
        final List<String> messages = new CopyOnWriteArrayList<>();

        @EventHandler
        public void onEvent(StatusEvent e) {
            if (e.getStatusMessage() != null) {
                messages.add(e.getStatusMessage());
            }
        }
    }

    @Test
    void progressReachesTheStatusService() throws Exception {
        StatusLog log = new StatusLog();
        context.service(EventService.class).subscribe(log);
        run(DepthFromFocusCommand.class, "stack", planeStep(), "focus", "auto", "confidenceMap", false,
                "allInFocusMode", "none");
        long until = System.currentTimeMillis() + 5000;
        while (log.messages.stream().noneMatch(m -> m.startsWith("DefocusJ: depth from focus"))
                && System.currentTimeMillis() < until) {
            Thread.sleep(20);
        }
        assertTrue(log.messages.stream().anyMatch(m -> m.startsWith("DefocusJ: depth from focus")),
                log.messages.toString());
    }

    // -- bad input: a clear message naming the parameter, and no output --

    @Test
    void batchProcessFolderWritesResumableOutputsAndATable() throws Exception {
        Path in = Files.createDirectories(dir.resolve("batch-in"));
        Path gt = Files.createDirectories(dir.resolve("batch-gt"));
        Files.copy(PLANE_STEP.resolve("stack.tif"), in.resolve("plane.tif"));
        Files.copy(PLANE_STEP.resolve("stack.focus.txt"), in.resolve("plane.focus.txt"));
        Files.copy(PLANE_STEP.resolve("depth-gt.tif"), gt.resolve("plane.tif"));
        Path out = dir.resolve("batch-out");
        Object[] inputs = {"input", in.toFile(), "output", out.toFile(), "groundTruth", gt.toFile(), "jobs", 1};
        Module m = run(BatchProcessFolderCommand.class, inputs);
        BatchProcessFolderCommand c = (BatchProcessFolderCommand) m;
        assertEquals(1, c.report().count(StackOutcome.Status.DONE));
        for (String f : BatchJob.OUTPUTS) {
            assertTrue(Files.isRegularFile(out.resolve("plane").resolve(f)), f);
        }
        assertTrue(Files.isRegularFile(out.resolve("summary.csv")));
        ResultsTable rt = c.table();
        assertEquals("done", rt.getStringValue("status", rt.size() - 1));
        assertEquals(0.016, rt.getValue("abs_rel", rt.size() - 1), 0.01, "as the single-stack command");
        m = run(BatchProcessFolderCommand.class, inputs);
        assertEquals(1, ((BatchProcessFolderCommand) m).report().count(StackOutcome.Status.SKIPPED));
        assertEquals(0, WindowManager.getImageCount());

        BatchProcessFolderCommand bad = new BatchProcessFolderCommand();
        bad.input = dir.resolve("no-such-folder").toFile();
        bad.output = out.toFile();
        BadInputException e = assertThrows(BadInputException.class, () -> bad.execute(null));
        assertTrue(e.getMessage().contains("no-such-folder: not a folder (expected a folder of stacks)"),
                e.getMessage());
        bad.input = in.toFile();
        bad.output = dir.resolve("batch-out-fossa").toFile();
        bad.setDeclared(DepthMethods.parameter(), "fossa");
        // Whether a stack lacks the focal length shows once it is read (its EXIF may hold it): that stack fails.
        bad.execute(null);
        assertEquals(1, bad.report().count(StackOutcome.Status.FAILED));
        String reason = bad.report().outcomes().get(0).reason();
        assertTrue(reason.contains("FOSSA needs the camera's focal length"), reason);
    }

    @Test
    void noImage() throws Exception {
        // SciJava's own check (CheckInputsPreprocessor) cancels a command whose required input is unset.
        DefocusCommand m = (DefocusCommand) run(DepthFromFocusCommand.class, "focus", "auto");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("'stack'"), m.getCancelReason());
        assertNull(m.getOutput("depth"));
        // Called directly (ImageJ 1.x, macros), the command names the field.
        DepthFromFocusCommand c = new DepthFromFocusCommand();
        BadInputException e = assertThrows(BadInputException.class, () -> c.execute(null));
        assertTrue(e.getMessage().startsWith("Stack: no image"), e.getMessage());
        assertNull(c.depth);
        assertEquals(0, WindowManager.getImageCount());
    }

    @Test
    void singleImageIsNotAStack() {
        ImagePlus flat = new ImagePlus("flat.tif", new ByteProcessor(20, 10));
        Throwable t = failure(DepthFromFocusCommand.class, "stack", flat);
        assertInstanceOf(BadInputException.class, t);
        assertTrue(t.getMessage().startsWith("Stack: 'flat.tif' has 1 focus slice"), t.getMessage());
        assertEquals(0, WindowManager.getImageCount());
    }

    @Test
    void focusListLengthMismatch() {
        Throwable t = failure(DepthFromFocusCommand.class, "stack", planeStep(), "focus", "0.5,0.8,1.2");
        assertInstanceOf(BadInputException.class, t);
        assertTrue(t.getMessage().startsWith("Focus distances: 3 focus distances given but stack.tif has 8 slices"),
                t.getMessage());
        assertEquals(0, WindowManager.getImageCount());
    }

    @Test
    void algorithmMessagesNameTheFijiParameter() {
        String[][] cases = {
            {"window", "4", "Window: expected an odd number"},
            {"measure", "laplace", "Focus measure: unknown focus measure 'laplace'"},
            {"minConfidence", "2", "Min confidence: expected a value from 0 to 1"},
            {"unit", "furlong", "Unit: unknown unit 'furlong'"},
            {"focus", "0.5,x", "Focus distances: 'x' is not a number"},
        };
        for (String[] c : cases) {
            Object value = c[0].equals("window") ? (Object) Integer.valueOf(c[1])
                    : c[0].equals("minConfidence") ? (Object) Double.valueOf(c[1]) : c[1];
            Throwable t = failure(DepthFromFocusCommand.class, "stack", planeStep(), c[0], value);
            assertTrue(t.getMessage().startsWith(c[2]), c[0] + ": " + t.getMessage());
            assertFalse(t.getMessage().contains("--"), t.getMessage());
        }
    }

    @Test
    void fossaNeedsTheFocalLengthBeforeLoadingAnything() {
        Throwable t = failure(FossaDepthCommand.class, "stack", gray(102, 2, 6, 4), "focus", "1,3", "model",
                "/no/such/model.pt");
        assertTrue(t.getMessage().startsWith("Focal length px: FOSSA needs the camera's focal length"), t.getMessage());
        t = failure(FossaDepthCommand.class, "stack", gray(102, 2, 6, 4), "focus", "1,3", "focalLengthMm", 50.0);
        assertTrue(t.getMessage().startsWith("Focal length mm and Sensor width mm: give both"), t.getMessage());
        t = failure(FossaDepthCommand.class, "stack", gray(102, 2, 6, 4), "focus", "index", "focalLengthPx", 500.0);
        assertTrue(t.getMessage().startsWith("Focus distances: FOSSA needs metric focus distances"), t.getMessage());
        t = failure(FossaDepthCommand.class, "stack", gray(102, 2, 6, 4), "focus", "1,3", "focalLengthPx", 500.0,
                "model", "builtin:huge");
        assertTrue(t.getMessage().startsWith("Model: unknown built-in model"), t.getMessage());
    }

    @Test
    void simulateBadInput() {
        ImagePlus aif = new ImagePlus("aif", new ByteProcessor(30, 20));
        ImagePlus small = new ImagePlus("gt", new FloatProcessor(20, 20));
        Throwable t = failure(SimulateFocusStackCommand.class, "image", aif, "depthMap", small, "focus", "1,2");
        assertTrue(t.getMessage().startsWith("Depth map: 'gt' is 20x20 but Image 'aif' is 30x20"), t.getMessage());
        float[] ones = new float[600];
        Arrays.fill(ones, 1f);
        ImagePlus um = new ImagePlus("um", new FloatProcessor(30, 20, ones));
        um.getCalibration().setValueUnit("um");
        t = failure(SimulateFocusStackCommand.class, "image", aif, "depthMap", um, "focus", "1,2", "unit", "m");
        assertTrue(t.getMessage().startsWith("Depth map: 'um' has values in µm but Unit is m"), t.getMessage());
        ImagePlus zero = new ImagePlus("zero", new FloatProcessor(30, 20));
        t = failure(SimulateFocusStackCommand.class, "image", aif, "depthMap", zero, "focus", "1,2");
        assertTrue(t.getMessage().startsWith("Depth map 'zero': depth at pixel (0, 0) is 0.0 m"), t.getMessage());
        ImagePlus m = new ImagePlus("m", new FloatProcessor(30, 20, ones.clone()));
        t = failure(SimulateFocusStackCommand.class, "image", aif, "depthMap", m, "focus", "1,2", "kernelSize", 4);
        assertTrue(t.getMessage().startsWith("Kernel size: expected an odd number"), t.getMessage());
        t = failure(SimulateFocusStackCommand.class, "image", aif, "depthMap", m, "focus", "0.04,1");
        assertTrue(t.getMessage().startsWith("Focus distances: focus distance 0.04 m is not beyond the focal length"),
                t.getMessage());
        assertEquals(0, WindowManager.getImageCount());
    }

    @Test
    void evaluateBadInput() {
        float[] ones = new float[200];
        Arrays.fill(ones, 1f);
        ImagePlus pred = new ImagePlus("pred", new FloatProcessor(20, 10, ones));
        ImagePlus gt = new ImagePlus("gt", new FloatProcessor(20, 10, ones.clone()));
        Throwable t = failure(EvaluateDepthCommand.class, "prediction", pred, "groundTruth", gt, "minDepth", 5.0,
                "maxDepth", 1.0);
        assertTrue(t.getMessage().startsWith("Min depth 5 is not below Max depth 1"), t.getMessage());
        float[] nan = ones.clone();
        nan[3] = Float.NaN;
        ImagePlus bad = new ImagePlus("bad", new FloatProcessor(20, 10, nan));
        t = failure(EvaluateDepthCommand.class, "prediction", bad, "groundTruth", gt);
        assertTrue(t.getMessage().startsWith("Prediction 'bad': 1 pixel(s)"), t.getMessage());
        assertTrue(t.getMessage().contains("Ignore invalid prediction"), t.getMessage());
        assertEquals(0, ResultsTable.getResultsTable().size(), "no row for a failed evaluation");
    }

    @Test
    void cancellingStopsWithoutOutput() {
        DepthFromFocusCommand c = new DepthFromFocusCommand();
        c.stack = planeStep();
        c.cancel("user pressed stop");
        c.run();
        assertTrue(c.isCanceled());
        assertNull(c.depth);
        assertNull(c.confidence);
        assertNull(c.allInFocus);
        assertEquals(0, WindowManager.getImageCount());
    }

    @Test
    void cancellingABatchKeepsFinishedStacksForTheRerun() throws Exception {
        Path in = Files.createDirectories(dir.resolve("cancel-in"));
        for (int i = 1; i <= 4; i++) {
            Files.copy(PLANE_STEP.resolve("stack.tif"), in.resolve("p" + i + ".tif"));
            Files.copy(PLANE_STEP.resolve("stack.focus.txt"), in.resolve("p" + i + ".focus.txt"));
        }
        Path out = dir.resolve("cancel-out");
        BatchProcessFolderCommand c = new BatchProcessFolderCommand();
        c.input = in.toFile();
        c.output = out.toFile();
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        org.defocusj.depth.ProgressListener stopAfterOne = new org.defocusj.depth.ProgressListener() {
            @Override
            public void progress(long done, long total, String stage) {
                seen.set((int) done);
            }

            @Override
            public boolean isCancelled() {
                return seen.get() >= 1;
            }
        };
        assertThrows(java.util.concurrent.CancellationException.class, () -> c.execute(stopAfterOne));
        assertNull(c.report(), "no report for a cancelled batch");
        long finished = java.util.stream.IntStream.rangeClosed(1, 4)
                .filter(i -> Files.isRegularFile(out.resolve("p" + i).resolve(BatchJob.DONE))).count();
        assertEquals(1, finished, "jobs = 1: the stack that was running when Cancel came is the only one done");
        c.execute(null);
        assertEquals(1, c.report().count(StackOutcome.Status.SKIPPED));
        assertEquals(3, c.report().count(StackOutcome.Status.DONE));
    }

    @Test
    void batchProcessFolderGivesUpAStackAtItsTimeLimit() throws Exception {
        Path in = Files.createDirectories(dir.resolve("timeout-in"));
        for (String name : new String[] {"p1", org.defocusj.depth.stall.StallMethod.STALL}) {
            Files.copy(PLANE_STEP.resolve("stack.tif"), in.resolve(name + ".tif"));
            Files.copy(PLANE_STEP.resolve("stack.focus.txt"), in.resolve(name + ".focus.txt"));
        }
        Path out = dir.resolve("timeout-out");
        BatchProcessFolderCommand c = new BatchProcessFolderCommand();
        assertTrue(c.declaredParameters().contains(BatchJob.STACK_TIMEOUT), "the dialog asks for the time limit");
        assertEquals(3600, c.declaredValue(BatchJob.STACK_TIMEOUT));
        c.input = in.toFile();
        c.output = out.toFile();
        c.setDeclared(DepthMethods.parameter(), org.defocusj.depth.stall.StallMethod.KEY);
        c.setDeclared(BatchJob.STACK_TIMEOUT, 1);
        // The quick stack must stay well inside the 1 s limit on a loaded machine: no alignment estimate.
        c.setDeclared(org.defocusj.align.AlignSettings.ALIGN, "off");
        c.execute(null);
        assertEquals(1, c.report().count(StackOutcome.Status.DONE));
        StackOutcome failed = c.report().failures().get(0);
        assertEquals(org.defocusj.depth.stall.StallMethod.STALL, failed.name());
        assertTrue(failed.reason().startsWith("timed out: still running after 1 s"), failed.reason());
        assertFalse(Files.exists(out.resolve(failed.name())));
    }
}
