package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ij.process.LUT;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.defocusj.io.Luts;

/**
 * Plugins &gt; DefocusJ in a real ImageJ 1.x window. Starts {@code scripts/imagej} (ImageJ from the Maven
 * artifact, DefocusJ installed in the plugins folder of target/gui/imagej, nothing of DefocusJ on the class
 * path) with {@link GuiDriver}, which clicks the menu entries, answers their dialogs, records with the macro
 * recorder, replays the recorded lines and takes screenshots; this class judges its report.
 *
 * <p>Needs an X display: skipped when DISPLAY is unset, unless {@code DEFOCUSJ_GUI_TESTS=required} (.ci/run
 * sets it under xvfb-run) makes a missing display a failure.
 */
class GuiMenusTest {

    static final Path OUT = Paths.get("target", "gui").toAbsolutePath();
    /** The whole ImageJ run, a build of the jar by scripts/imagej included; the driver bounds each of its waits. */
    static final long PROCESS_SECONDS = 300;

    static Properties report;
    /** Why the tests are skipped (no display), or null. */
    static String skipped;

    @BeforeAll
    static void runImageJ() throws Exception {
        boolean required = "required".equals(System.getenv("DEFOCUSJ_GUI_TESTS"));
        String display = System.getenv("DISPLAY");
        if (display == null || display.isBlank()) {
            assertFalse(required, "DEFOCUSJ_GUI_TESTS=required but DISPLAY is not set");
            skip("no X display (DISPLAY is not set); run it with: xvfb-run -a mvn -B test -Dtest='Gui*'");
            return;
        }
        deleteTree(OUT);
        Path driverClasses = OUT.resolve("driver");
        copyDriverClasses(driverClasses);
        Path log = OUT.resolve("imagej.log");
        String eval = "call('" + GuiDriver.class.getName() + ".start', '" + OUT + "', '"
                + Paths.get("sample-stacks").toAbsolutePath() + "');";
        ProcessBuilder pb = new ProcessBuilder("bash", "scripts/imagej", "-eval", eval)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("IMAGEJ_HOME", OUT.resolve("imagej").toString());
        pb.environment().put("IMAGEJ_CLASSPATH", driverClasses.toString());
        pb.environment().put("IMAGEJ_JAVA_OPTS", "-Xmx2g");
        Process p = pb.start();
        boolean ended;
        try {
            ended = p.waitFor(PROCESS_SECONDS, TimeUnit.SECONDS);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        Path reportFile = OUT.resolve("report.properties");
        if (!Files.exists(reportFile)) {
            if (!required && (output.contains("Can't connect to X11") || output.contains("HeadlessException"))) {
                skip("DISPLAY=" + display + " cannot be opened: " + firstLine(output));
                return;
            }
            fail((ended ? "ImageJ exited (" + p.exitValue() + ")" : "ImageJ still ran after " + PROCESS_SECONDS
                    + " s and was killed") + " without a report; its output:\n" + tail(output));
        }
        report = new Properties();
        try (InputStream in = Files.newInputStream(reportFile)) {
            report.load(in);
        }
        assertEquals(null, report.getProperty("driver.error"), "the driver failed; ImageJ's output:\n" + tail(output));
    }

    /** Skips every test with this reason, said once on the console (surefire shows only the count). */
    private static void skip(String reason) {
        skipped = "GUI test skipped: " + reason;
        System.out.println(GuiMenusTest.class.getSimpleName() + ": " + skipped);
    }

    @BeforeEach
    void needsTheRun() {
        assumeTrue(skipped == null, skipped);
    }

    /**
     * The driver's classes alone (with MacroHarness, whose titles() it uses), so that ImageJ's class path has
     * ij.jar and the driver but no DefocusJ class.
     */
    private static void copyDriverClasses(Path dir) throws Exception {
        Path classes = Paths.get(GuiDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path pkg = classes.resolve(GuiDriver.class.getPackageName().replace('.', '/'));
        Path target = Files.createDirectories(dir.resolve(classes.relativize(pkg)));
        try (Stream<Path> files = Files.list(pkg)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.matches("(GuiDriver|MacroHarness)(\\$.*)?\\.class")) {
                    Files.copy(f, target.resolve(name));
                }
            }
        }
    }

    private static String get(String key) {
        String v = report.getProperty(key);
        assertNotNull(v, "the report has no " + key);
        return v;
    }

    private static double number(String key) {
        return Double.parseDouble(get(key));
    }

    // ---- the installation -----------------------------------------------------------------------------------

    @Test
    void menuComesFromThePluginsConfigOfTheInstalledJar() throws Exception {
        assertEquals("false", get("headless"), "a real window");
        List<String> labels = new ArrayList<>();
        for (String[] e : MacroHarness.pluginsConfig()) {
            labels.add(e[1]);
            if (e[2] != null) {
                assertEquals(e[2], get("command." + e[1]), "ImageJ's command table: " + e[1]);
            }
        }
        assertEquals(String.join("|", labels), get("menu.Plugins>DefocusJ"), "Plugins > DefocusJ in the menu bar");
        assertEquals("ij.io.PluginClassLoader", get("plugin.loader"));
        assertEquals("false", get("plugin.onSystemClassPath"));
        Path jar = Paths.get(get("plugin.source"));
        assertEquals(OUT.resolve("imagej").resolve("plugins"), jar.getParent());
        assertTrue(jar.getFileName().toString().matches("DefocusJ_-.+\\.jar"), jar.toString());
        assertEquals(OUT.resolve("imagej").resolve("plugins") + "/", get("imagej.pluginsDir"));
    }

    // ---- the commands, recorded and replayed -----------------------------------------------------------------

    static final String DFF_LINE = "run(\"Depth from Focus\", \"stack=stack.tif focus_distances=auto unit=m "
            + "align_slices=auto focus_measure=ssml window=9 window_on_noise=adapt aggregation=guided guide_radius=8 guide_epsilon=0.001 interpolation=auto all-in-focus=multiscale min_confidence=0 confidence_map\");";

    @Test
    void depthFromFocusFromTheMenuIsRecordedAndItsLineReplays() throws Exception {
        assertEquals("true", get("dff.dialog"));
        assertEquals("stack-depth|stack-confidence|stack-all-in-focus", get("dff.newImages"));
        assertEquals(DFF_LINE, get("dff.recordedLine"), "the recorder's line for the dialog's defaults");
        String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains(DFF_LINE.replace("stack=stack.tif", "stack=sweep.tif")),
                "README's Macros section shows what the recorder writes");
        // The recorder's own line, run as a macro: no dialog, the same images, the same depths, not recorded again.
        assertEquals("false", get("replay.dialog"));
        assertEquals("stack-depth|stack-confidence|stack-all-in-focus", get("replay.newImages"));
        assertEquals(0.0, number("replay.maxDiff"));
        assertFalse(get("replay.recorded").contains("run("), get("replay.recorded"));
    }

    @Test
    void resultWindowsCarryTitleCalibrationValueUnitAndLut() {
        for (String k : new String[] {"dff.depth", "dff.confidence", "dff.aif", "replay.depth", "surface.depth"}) {
            assertEquals("true", get(k + ".showing"), k + " has a window");
            assertEquals("ij.gui.ImageWindow", get(k + ".window"), k);
        }
        assertEquals("stack-depth", get("dff.depth.title"));
        assertEquals("32", get("dff.depth.bitDepth"));
        assertEquals("400x300x1", get("dff.depth.size"));
        assertEquals("m", get("dff.depth.valueUnit"));
        assertEquals(get("dff.stack.unit"), get("dff.depth.unit"), "the stack's xy calibration");
        assertEquals(get("dff.stack.pixelWidth"), get("dff.depth.pixelWidth"));
        assertViridis("dff.depth");
        assertTrue(number("dff.depth.min") >= 0.5 - 1e-6 && number("dff.depth.max") <= 1.2 + 1e-6,
                "depths within the focus range 0.5..1.2 m");
        assertEquals("0", get("dff.depth.nan"));
        assertTrue(get("dff.depth.info").contains("measure = ssml"), get("dff.depth.info"));
        assertEquals("stack-confidence", get("dff.confidence.title"));
        assertEquals("0.0,1.0", get("dff.confidence.displayRange"));
        assertEquals(get("dff.depth.lut"), get("replay.depth.lut"));
        assertEquals("stack-all-in-focus", get("dff.aif.title"));
        assertEquals("24", get("dff.aif.bitDepth"));

        // The microscope stack: µm in xy and in value.
        assertEquals("micron", get("surface.stack.unit"));
        assertEquals(get("surface.stack.unit"), get("surface.depth.unit"));
        assertEquals(0.65, number("surface.depth.pixelWidth"), 1e-5);
        assertEquals("um", get("surface.depth.valueUnit"));
        assertEquals("256x256x1", get("surface.depth.size"));
        assertViridis("surface.depth");
        assertTrue(number("surface.depth.min") >= 0 && number("surface.depth.max") <= 20, "within z 0..20 µm");
    }

    private static void assertViridis(String key) {
        String[] lut = get(key + ".lut").split(",");
        assertEquals(256, lut.length, key + ": an 8-bit LUT");
        Set<String> gray = new HashSet<>();
        LUT viridis = Luts.viridis();
        for (int i = 0; i < 256; i++) {
            int rgb = Integer.parseInt(lut[i], 16);
            if (((rgb >> 16) & 255) == ((rgb >> 8) & 255) && ((rgb >> 8) & 255) == (rgb & 255)) {
                gray.add(lut[i]);
            }
            assertEquals(String.format(Locale.ROOT, "%06x", viridis.getRGB(i) & 0xffffff), lut[i], key + " LUT " + i);
        }
        assertTrue(gray.isEmpty(), key + ": not a grayscale LUT");
        String[] range = get(key + ".displayRange").split(",");
        double lo = Double.parseDouble(range[0]);
        double hi = Double.parseDouble(range[1]);
        assertTrue(lo < hi && lo >= number(key + ".min") && hi <= number(key + ".max"),
                key + ": display range within the depths: " + get(key + ".displayRange"));
    }

    @Test
    void screenshotsShowTheColouredDepthMap() throws IOException {
        for (String k : new String[] {"dff", "surface"}) {
            assertEquals("1.0", get(k + ".magnification"));
            assertTrue(number(k + ".canvasMatch") >= 0.98,
                    k + ": the depth window on screen shows ImageJ's viridis rendering: " + get(k + ".canvasMatch"));
            Path png = Paths.get(get(k + ".screenshot"));
            assertEquals(OUT, png.getParent());
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " is a PNG");
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 2) {
                for (int x = 0; x < img.getWidth(); x += 2) {
                    colours.add(img.getRGB(x, y) & 0xffffff);
                }
            }
            assertTrue(colours.size() > 200, png + " has " + colours.size() + " colours");
        }
    }

    @Test
    void evaluateAndSimulateFromTheMenu() {
        assertEquals("run(\"Evaluate Depth Map\", \"prediction=stack-depth ground_truth=depth-gt.tif min_depth=0.01 "
                + "max_depth=1000 disparity=none table=Results\");", get("evaluate.recordedLine"));
        assertEquals("true", get("evaluate.resultsWindow"));
        assertEquals("1", get("evaluate.rows"));
        assertEquals("stack-depth", get("evaluate.prediction"));
        assertEquals(0.016, number("evaluate.abs_rel"), 0.01, "the README's accuracy on plane-step");
        assertEquals("2", get("evaluateReplay.rows"), "the replayed line adds a row");
        assertEquals(get("evaluate.abs_rel"), get("evaluateReplay.abs_rel"));

        assertEquals("stack-all-in-focus-focus-stack", get("simulate.newImages"));
        assertEquals("ij.gui.StackWindow", get("simulate.stack.window"));
        assertEquals("400x300x3", get("simulate.stack.size"));
        assertEquals("focus=0.6 m", get("simulate.stack.label1"));
        assertTrue(get("simulate.recorded").startsWith("run(\"Simulate Focus Stack\", \"image=stack-all-in-focus "
                + "depth_map=depth-gt.tif focus_distances=0.6,0.9,1.2 unit=m optics=camera "), get("simulate.recorded"));
    }

    @Test
    void surfaceParametersFromTheMenu() {
        assertEquals("run(\"Surface Parameters\", \"height_map=stack-depth confidence_image=[] min_confidence=0 "
                + "form_removal=plane s-filter_cut-off=0 l-filter_cut-off=0 smr_height_c=0 "
                + "table=[Surface Parameters]\");", get("surfaceParams.recordedLine"));
        assertEquals("true", get("surfaceParams.window"), "the table is shown");
        assertEquals("1", get("surfaceParams.rows"));
        assertEquals("µm", get("surfaceParams.heightUnit"));
        assertTrue(number("surfaceParams.Sa") > 0.3 && number("surfaceParams.Sa") < 1.5,
                "Sa of the levelled sample with its 4 µm bumps: " + get("surfaceParams.Sa"));
        assertEquals("2", get("surfaceParamsReplay.rows"), "the replayed line adds a row");
        assertEquals(get("surfaceParams.Sa"), get("surfaceParamsReplay.Sa"));
    }

    // ---- bad input: one message, no exception, nothing created or recorded ---------------------------------

    private static void assertRejected(String key, String message) {
        String shown = get(key + ".messages");
        if (message == null) {
            assertEquals("", shown, key + ": no message");
        } else {
            assertTrue(shown.startsWith(message), key + ": the message shown: " + shown);
            assertFalse(shown.contains("\n"), key + ": one message: " + shown);
        }
        assertEquals("", get(key + ".newImages"), key + ": no new image");
        assertEquals("", get(key + ".exceptionWindows"), key + ": no exception window");
        assertFalse(get(key + ".recorded").contains("run("), key + ": nothing recorded: " + get(key + ".recorded"));
    }

    @Test
    void noImageOpen() {
        assertEquals("false", get("noimage.dialog"), "no dialog for nothing to work on");
        assertRejected("noimage", "Depth from Focus: no image is open (expected an open image)");
        assertEquals("", get("noimage.images"));
    }

    @Test
    void singleImageIsNotAStack() {
        assertEquals("true", get("flat.dialog"));
        assertRejected("flat", "Depth from Focus: Stack: 'flat' has 1 focus slice");
    }

    @Test
    void focusListOfTheWrongLength() {
        assertTrue(get("mismatch.dialogFields").contains("Focus distances | [auto]"), get("mismatch.dialogFields"));
        assertRejected("mismatch",
                "Depth from Focus: Focus distances: 3 focus distances given but stack.tif has 8 slices");
        assertRejected("fossa", "FOSSA Depth: Focal length px: FOSSA needs the camera's focal length");
    }

    @Test
    void cancelCreatesAndRecordsNothing() {
        assertEquals("true", get("cancel.dialog"));
        assertRejected("cancel", null);
        assertEquals("null", get("cancel.error"), "no error either");
        assertEquals("stack.tif", get("cancel.images"));
    }

    @Test
    void badOptionsFromAMacroStopItWithOneMessage() {
        assertRejected("macroMismatch", "Macro Error: Focus distances: 3 focus distances given but stack.tif has 8");
        assertEquals("false", get("macroMismatch.logHasAfter"), "the macro stopped");
        for (String title : get("windows.end").split("\\|")) {
            assertFalse(title.toLowerCase(Locale.ROOT).contains("exception"), get("windows.end"));
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    private static String firstLine(String s) {
        for (String line : s.split("\\R")) {
            if (line.contains("X11") || line.contains("Headless")) {
                return line.trim();
            }
        }
        return "";
    }

    private static String tail(String s) {
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }
}
