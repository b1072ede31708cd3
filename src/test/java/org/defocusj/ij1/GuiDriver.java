package org.defocusj.ij1;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.awt.Image;
import java.awt.Label;
import java.awt.Menu;
import java.awt.MenuBar;
import java.awt.MenuItem;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextComponent;
import java.awt.TextField;
import java.awt.Toolkit;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageCanvas;
import ij.gui.ImageWindow;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.frame.Recorder;
import ij.process.LUT;

/**
 * Drives a real ImageJ 1.x window for {@link GuiMenusTest}. It runs inside the ImageJ process that
 * {@code scripts/imagej} starts (started by {@code -eval "call('org.defocusj.ij1.GuiDriver.start', out, samples)"})
 * and uses only ImageJ's and AWT's API (and {@link MacroHarness#titles()}, which needs no more): DefocusJ is
 * reached solely through the menu ImageJ built from the installed jar's plugins.config. It does what a user does (menu clicks are ActionEvents dispatched to the menu
 * bar's items, dialog buttons and fields are set on the event thread), records with ImageJ's macro recorder, and
 * writes what it saw to {@code report.properties} plus screenshots; the test judges the report. Every wait is
 * bounded; the driver ends the process when done.
 */
public final class GuiDriver {

    /** The longest any single wait may take. */
    static final long WAIT_MS = 60_000;

    private final Path out;
    private final Path samples;
    private final Properties report = new Properties();
    private String recorderSeen = "";

    private GuiDriver(Path out, Path samples) {
        this.out = out;
        this.samples = samples;
    }

    /** Entry point for the macro function {@code call()}: starts the driver on its own thread and returns. */
    public static String start(String outDir, String samplesDir) {
        GuiDriver driver = new GuiDriver(Paths.get(outDir), Paths.get(samplesDir));
        Thread t = new Thread(driver::runAndExit, "DefocusJ GUI driver");
        t.setDaemon(false);
        t.start();
        return "started";
    }

    private void runAndExit() {
        int status = 0;
        try {
            drive();
        } catch (Throwable e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            report.setProperty("driver.error", sw.toString());
            status = 1;
        } finally {
            report.setProperty("windows.end", String.join("|", windowTitles()));
            try {
                Files.createDirectories(out);
                Path tmp = out.resolve("report.properties.tmp");
                try (OutputStream os = Files.newOutputStream(tmp)) {
                    report.store(os, "GuiDriver: what a real ImageJ window showed");
                }
                Files.move(tmp, out.resolve("report.properties"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                e.printStackTrace();
                status = 2;
            }
            System.exit(status);
        }
    }

    private void drive() throws Exception {
        put("headless", GraphicsEnvironment.isHeadless());
        java.awt.DisplayMode mode = GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice()
                .getDisplayMode();
        put("screen", mode.getWidth() + "x" + mode.getHeight() + "x" + mode.getBitDepth());
        await("the ImageJ window", () -> IJ.getInstance() != null && IJ.getInstance().isShowing()
                && Menus.getCommands() != null);
        installFacts();

        // Bad input before anything is open: the menu entry must say so and open nothing.
        menuRun("noimage", "Depth from Focus", null);

        open(samples.resolve("plane-step").resolve("stack.tif"), "stack.tif");
        menuClick("Plugins", "Macros", "Record...");
        await("the macro recorder", () -> Recorder.getInstance() != null && Recorder.getInstance().isShowing());
        newRecorderText();

        menuRun("cancel", "Depth from Focus", gd -> press(gd, "Cancel"));
        menuRun("mismatch", "Depth from Focus", gd -> {
            setText(gd, 0, "0.5,0.8,1.2");
            press(gd, "OK");
        });
        menuRun("fossa", "FOSSA Depth", gd -> press(gd, "OK"));

        // The real run, recorded: defaults (the dialog remembers the list typed above: back to auto), OK.
        menuRun("dff", "Depth from Focus", gd -> {
            setText(gd, 0, "auto");
            press(gd, "OK");
        });
        String recorded = lastRunLine(report.getProperty("dff.recorded"), "Depth from Focus");
        put("dff.recordedLine", recorded);
        describe("dff.stack", "stack.tif");
        describe("dff.depth", "stack-depth");
        describe("dff.confidence", "stack-confidence");
        describe("dff.aif", "stack-all-in-focus");
        float[] interactive = ((float[]) WindowManager.getImage("stack-depth").getProcessor().getPixels()).clone();
        screenshot("dff", "stack-depth", "depth-from-focus.png");

        // The recorder's own line, run as a macro, gives the same images.
        closeImages("stack-depth", "stack-confidence", "stack-all-in-focus");
        macroRun("replay", recorded);
        ImagePlus replayed = WindowManager.getImage("stack-depth");
        put("replay.maxDiff", replayed == null ? "no stack-depth" : Double.toString(maxDiff(interactive,
                (float[]) replayed.getProcessor().getPixels())));
        describe("replay.depth", "stack-depth");

        // Evaluate against the ground truth, choosing the images in the dialog as a user does.
        open(samples.resolve("plane-step").resolve("depth-gt.tif"), "depth-gt.tif");
        menuRun("evaluate", "Evaluate Depth Map", gd -> {
            select(gd, 0, "stack-depth");
            select(gd, 1, "depth-gt.tif");
            press(gd, "OK");
        });
        ResultsTable rt = ResultsTable.getResultsTable();
        put("evaluate.rows", rt == null ? 0 : rt.size());
        if (rt != null && rt.size() > 0) {
            put("evaluate.abs_rel", rt.getValue("abs_rel", rt.size() - 1));
            put("evaluate.prediction", rt.getStringValue("prediction", rt.size() - 1));
        }
        put("evaluate.resultsWindow", isShowing(WindowManager.getWindow("Results")));
        String evalLine = lastRunLine(report.getProperty("evaluate.recorded"), "Evaluate Depth Map");
        put("evaluate.recordedLine", evalLine);
        macroRun("evaluateReplay", evalLine);
        rt = ResultsTable.getResultsTable();
        put("evaluateReplay.rows", rt == null ? 0 : rt.size());
        if (rt != null && rt.size() > 0) {
            put("evaluateReplay.abs_rel", rt.getValue("abs_rel", rt.size() - 1));
        }

        menuRun("simulate", "Simulate Focus Stack", gd -> {
            select(gd, 0, "stack-all-in-focus");
            select(gd, 1, "depth-gt.tif");
            setText(gd, 0, "0.6,0.9,1.2");
            press(gd, "OK");
        });
        describe("simulate.stack", "stack-all-in-focus-focus-stack");
        ImagePlus sim = WindowManager.getImage("stack-all-in-focus-focus-stack");
        if (sim != null) {
            put("simulate.stack.label1", sim.getStack().getSliceLabel(1));
        }

        // A single 2-D image is not a stack.
        closeAll();
        IJ.newImage("flat", "8-bit ramp", 64, 48, 1);
        await("the window of flat", () -> isShowing(WindowManager.getImage("flat")));
        menuRun("flat", "Depth from Focus", gd -> press(gd, "OK"));

        // Bad input from a macro in the GUI: one message, the macro stops, no image.
        closeAll();
        open(samples.resolve("plane-step").resolve("stack.tif"), "stack.tif");
        macroRun("macroMismatch", "run(\"Depth from Focus\", \"stack=stack.tif focus_distances=0.5,0.8,1.2 unit=m\");"
                + "\nprint(\"after the failed run\");");
        put("macroMismatch.logHasAfter", String.valueOf(IJ.getLog()).contains("after the failed run"));

        // The line recorded on the camera stack, run on the microscope stack (also titled stack.tif): µm.
        closeAll();
        open(samples.resolve("surface-um").resolve("stack.tif"), "stack.tif");
        describe("surface.stack", "stack.tif");
        macroRun("surface", recorded);
        describe("surface.depth", "stack-depth");
        screenshot("surface", "stack-depth", "surface-um.png");

        // The microscope depth map measured as a surface through its menu entry, then by the recorded line.
        menuRun("surfaceParams", "Surface Parameters", gd -> {
            select(gd, 0, "stack-depth");
            press(gd, "OK");
        });
        ResultsTable sp = ResultsTable.getResultsTable("Surface Parameters");
        put("surfaceParams.rows", sp == null ? 0 : sp.size());
        if (sp != null && sp.size() > 0) {
            put("surfaceParams.Sa", sp.getValue("Sa", sp.size() - 1));
            put("surfaceParams.heightUnit", sp.getStringValue("height_unit", sp.size() - 1));
        }
        put("surfaceParams.window", isShowing(WindowManager.getWindow("Surface Parameters")));
        String spLine = lastRunLine(report.getProperty("surfaceParams.recorded"), "Surface Parameters");
        put("surfaceParams.recordedLine", spLine);
        macroRun("surfaceParamsReplay", spLine);
        sp = ResultsTable.getResultsTable("Surface Parameters");
        put("surfaceParamsReplay.rows", sp == null ? 0 : sp.size());
        if (sp != null && sp.size() > 0) {
            put("surfaceParamsReplay.Sa", sp.getValue("Sa", sp.size() - 1));
        }
        put("recorder.final", Recorder.getInstance() == null ? "" : Recorder.getInstance().getText());
    }

    // ---- facts about the installation ---------------------------------------------------------------------

    private void installFacts() {
        MenuBar bar = IJ.getInstance().getMenuBar();
        Menu defocusj = bar == null ? null : submenu(submenu(bar, "Plugins"), "DefocusJ");
        List<String> labels = new ArrayList<>();
        if (defocusj != null) {
            for (int i = 0; i < defocusj.getItemCount(); i++) {
                labels.add(defocusj.getItem(i).getLabel());
            }
        }
        put("menu.Plugins>DefocusJ", String.join("|", labels));
        for (String label : labels) {
            Object cls = Menus.getCommands().get(label);
            if (cls != null) {
                put("command." + label, cls.toString());
            }
        }
        String cls = (String) Menus.getCommands().get("Depth from Focus");
        if (cls != null) {
            try {
                Class<?> c = IJ.getClassLoader().loadClass(cls);
                put("plugin.loader", c.getClassLoader().getClass().getName());
                put("plugin.source", c.getProtectionDomain().getCodeSource().getLocation().getPath());
            } catch (ClassNotFoundException e) {
                put("plugin.loader", "not found: " + e);
            }
            boolean onClassPath;
            try {
                ClassLoader.getSystemClassLoader().loadClass(cls);
                onClassPath = true;
            } catch (ClassNotFoundException e) {
                onClassPath = false;
            }
            put("plugin.onSystemClassPath", onClassPath);
        }
        put("imagej.version", IJ.getVersion());
        put("imagej.pluginsDir", IJ.getDirectory("plugins"));
    }

    private static Menu submenu(Object parent, String label) {
        if (parent instanceof MenuBar) {
            MenuBar bar = (MenuBar) parent;
            for (int i = 0; i < bar.getMenuCount(); i++) {
                if (label.equals(bar.getMenu(i).getLabel())) {
                    return bar.getMenu(i);
                }
            }
        } else if (parent instanceof Menu) {
            Menu menu = (Menu) parent;
            for (int i = 0; i < menu.getItemCount(); i++) {
                MenuItem item = menu.getItem(i);
                if (item instanceof Menu && label.equals(item.getLabel())) {
                    return (Menu) item;
                }
            }
        }
        return null;
    }

    // ---- running commands as a user does ------------------------------------------------------------------

    /** Clicks a menu item of the ImageJ window's menu bar: its ActionEvent, dispatched on the event thread. */
    private static void menuClick(String... path) throws Exception {
        Object parent = IJ.getInstance().getMenuBar();
        for (int i = 0; i < path.length - 1; i++) {
            parent = submenu(parent, path[i]);
        }
        MenuItem item = null;
        if (parent != null) {
            Menu menu = (Menu) parent;
            for (int i = 0; i < menu.getItemCount(); i++) {
                if (path[path.length - 1].equals(menu.getItem(i).getLabel())) {
                    item = menu.getItem(i);
                }
            }
        }
        if (item == null) {
            throw new IllegalStateException("no menu item " + String.join(" > ", path));
        }
        MenuItem target = item;
        EventQueue.invokeAndWait(() -> target.dispatchEvent(new ActionEvent(target, ActionEvent.ACTION_PERFORMED,
                target.getActionCommand())));
    }

    /**
     * Runs Plugins &gt; DefocusJ &gt; label from the menu bar. Until ImageJ's thread for the command ends: when the
     * command's dialog appears, {@code onDialog} acts on it (null: expect none); an error message box is read
     * and closed with its OK button. Reports what appeared, the images after, new recorder text and any
     * exception window.
     */
    private void menuRun(String key, String label, Consumer<GenericDialog> onDialog) throws Exception {
        List<String> before = MacroHarness.titles();
        IJ.getErrorMessage();
        menuClick("Plugins", "DefocusJ", label);
        watch(key, "DefocusJ: " + label, onDialog, label, () -> threadAlive(label));
        finish(key, before);
    }

    /** Runs macro code on a macro thread (named as ImageJ names them), handling dialogs as menuRun does. */
    private void macroRun(String key, String macro) throws Exception {
        List<String> before = MacroHarness.titles();
        IJ.getErrorMessage();
        Thread t = new Thread(() -> IJ.runMacro(macro), "Run$_gui_test_Macro$");
        t.start();
        watch(key, null, null, t.getName(), t::isAlive);
        finish(key, before);
    }

    private void watch(String key, String dialogTitle, Consumer<GenericDialog> onDialog, String thread,
            BooleanSupplier running) throws Exception {
        Set<Window> handled = new HashSet<>();
        List<String> errors = new ArrayList<>();
        long end = System.currentTimeMillis() + WAIT_MS;
        boolean dialogSeen = false;
        while (running.getAsBoolean() || !showingDialogs(handled).isEmpty()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException(key + ": still running after " + WAIT_MS + " ms; windows "
                        + windowTitles() + "; threads:" + stacks(thread));
            }
            for (Dialog d : showingDialogs(handled)) {
                handled.add(d);
                if (d instanceof GenericDialog && d.getTitle().equals(dialogTitle) && onDialog != null) {
                    dialogSeen = true;
                    put(key + ".dialogFields", dialogText(d));
                    onDialog.accept((GenericDialog) d);
                } else {
                    errors.add(d.getTitle() + ": " + dialogText(d));
                    if (dialogTitle != null && d.getTitle().equals(dialogTitle)) {
                        dialogSeen = true;
                    }
                    screenshotScreen(key + "-message.png");
                    press(d, "OK");
                }
            }
            Thread.sleep(50);
        }
        put(key + ".dialog", dialogSeen);
        put(key + ".messages", String.join("\n", errors));
    }

    private void finish(String key, List<String> before) throws Exception {
        EventQueue.invokeAndWait(() -> { });
        put(key + ".error", String.valueOf(IJ.getErrorMessage()));
        List<String> after = MacroHarness.titles();
        List<String> created = new ArrayList<>(after);
        created.removeAll(before);
        put(key + ".newImages", String.join("|", created));
        put(key + ".images", String.join("|", after));
        List<String> exceptions = new ArrayList<>();
        for (String t : windowTitles()) {
            if (t.toLowerCase(Locale.ROOT).contains("exception")) {
                exceptions.add(t);
            }
        }
        put(key + ".exceptionWindows", String.join("|", exceptions));
        put(key + ".recorded", newRecorderText());
    }

    /**
     * The stacks of thread {@code command} (ImageJ names a plugin's thread after its command; macroRun names its
     * own) and of DefocusJ's worker pools ("defocusj ..."), so that a run that does not end says where it waits.
     */
    private static String stacks(String command) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            String name = e.getKey().getName();
            if (name.equals(command) || name.toLowerCase(Locale.ROOT).startsWith("defocusj")) {
                sb.append("\n  \"").append(name).append("\" ").append(e.getKey().getState());
                for (StackTraceElement f : e.getValue()) {
                    sb.append("\n    at ").append(f);
                }
            }
        }
        return sb.length() == 0 ? " none" : sb.toString();
    }

    private static boolean threadAlive(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && name.equals(t.getName())) {
                return true;
            }
        }
        return false;
    }

    private static List<Dialog> showingDialogs(Set<Window> handled) {
        List<Dialog> list = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w instanceof Dialog && w.isShowing() && !handled.contains(w)) {
                list.add((Dialog) w);
            }
        }
        return list;
    }

    /** The texts a dialog shows: labels, fields, choices, checkboxes and ImageJ's multi-line labels. */
    private static String dialogText(Container c) {
        List<String> parts = new ArrayList<>();
        collectText(c, parts);
        return String.join(" | ", parts);
    }

    private static void collectText(Component c, List<String> parts) {
        if (c instanceof Label) {
            parts.add(((Label) c).getText().trim());
        } else if (c instanceof TextComponent) {
            parts.add("[" + ((TextComponent) c).getText() + "]");
        } else if (c instanceof Choice) {
            parts.add("<" + ((Choice) c).getSelectedItem() + ">");
        } else if (c instanceof java.awt.Checkbox) {
            java.awt.Checkbox cb = (java.awt.Checkbox) c;
            parts.add((cb.getState() ? "[x] " : "[ ] ") + cb.getLabel());
        } else if (c.getClass().getName().equals("ij.gui.MultiLineLabel")) {
            try {
                Field f = c.getClass().getDeclaredField("lines");
                f.setAccessible(true);
                parts.add(String.join(" ", (String[]) f.get(c)).trim());
            } catch (ReflectiveOperationException e) {
                parts.add("(unreadable MultiLineLabel: " + e + ")");
            }
        }
        if (c instanceof Container) {
            for (Component child : ((Container) c).getComponents()) {
                collectText(child, parts);
            }
        }
    }

    /** Presses the button with this label (ignoring padding) as a click does: its ActionEvent on the event thread. */
    private static void press(Container dialog, String label) {
        Button button = find(dialog, Button.class, b -> b.getLabel().trim().equals(label));
        if (button == null) {
            throw new IllegalStateException("no button " + label + " in " + dialogText(dialog));
        }
        onEdt(() -> button.dispatchEvent(new ActionEvent(button, ActionEvent.ACTION_PERFORMED,
                button.getActionCommand())));
    }

    /** Types into the index-th text field of a GenericDialog (string fields, in order). */
    private static void setText(GenericDialog gd, int index, String text) {
        TextField tf = (TextField) gd.getStringFields().get(index);
        onEdt(() -> tf.setText(text));
    }

    /** Selects an item of the index-th choice of a GenericDialog (image choices included). */
    private static void select(GenericDialog gd, int index, String item) {
        Choice choice = (Choice) gd.getChoices().get(index);
        onEdt(() -> choice.select(item));
        if (!item.equals(choice.getSelectedItem())) {
            throw new IllegalStateException("choice " + index + " has no item " + item);
        }
    }

    private static void onEdt(Runnable r) {
        try {
            EventQueue.invokeAndWait(r);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends Component> T find(Component c, Class<T> type, java.util.function.Predicate<T> p) {
        if (type.isInstance(c) && p.test(type.cast(c))) {
            return type.cast(c);
        }
        if (c instanceof Container) {
            for (Component child : ((Container) c).getComponents()) {
                T found = find(child, type, p);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    // ---- images and windows -------------------------------------------------------------------------------

    private void open(Path file, String title) throws Exception {
        IJ.open(file.toAbsolutePath().toString());
        await("the window of " + title, () -> isShowing(WindowManager.getImage(title)));
    }

    private static boolean isShowing(Object o) {
        if (o instanceof ImagePlus) {
            ImageWindow w = ((ImagePlus) o).getWindow();
            return w != null && w.isShowing();
        }
        return o instanceof Window && ((Window) o).isShowing();
    }

    /** Title, window, calibration, value unit, LUT and pixels of an open image. */
    private void describe(String key, String title) {
        ImagePlus imp = WindowManager.getImage(title);
        put(key + ".exists", imp != null);
        if (imp == null) {
            return;
        }
        put(key + ".title", imp.getTitle());
        put(key + ".window", imp.getWindow() == null ? "none" : imp.getWindow().getClass().getName());
        put(key + ".showing", isShowing(imp));
        Calibration cal = imp.getCalibration();
        put(key + ".unit", cal.getUnit());
        put(key + ".pixelWidth", cal.pixelWidth);
        put(key + ".valueUnit", cal.getValueUnit());
        put(key + ".bitDepth", imp.getBitDepth());
        put(key + ".size", imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize());
        put(key + ".displayRange", imp.getDisplayRangeMin() + "," + imp.getDisplayRangeMax());
        LUT lut = imp.getProcessor().getLut();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; lut != null && i < 256; i++) {
            sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%06x", lut.getRGB(i) & 0xffffff));
        }
        put(key + ".lut", lut == null ? "none (" + imp.getBitDepth() + "-bit)" : sb.toString());
        put(key + ".info", String.valueOf(imp.getInfoProperty()));
        if (imp.getBitDepth() == 32) {
            float[] px = (float[]) imp.getProcessor().getPixels();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int nan = 0;
            for (float v : px) {
                if (Float.isNaN(v)) {
                    nan++;
                } else {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            put(key + ".min", min);
            put(key + ".max", max);
            put(key + ".nan", nan);
        }
    }

    private static List<String> windowTitles() {
        List<String> titles = new ArrayList<>();
        for (Window w : Window.getWindows()) {
            if (w.isShowing()) {
                titles.add(w instanceof Frame ? ((Frame) w).getTitle()
                        : w instanceof Dialog ? ((Dialog) w).getTitle() : w.getClass().getSimpleName());
            }
        }
        return titles;
    }

    private static void closeImages(String... titles) {
        for (String t : titles) {
            ImagePlus imp = WindowManager.getImage(t);
            if (imp != null) {
                imp.changes = false;
                imp.close();
            }
        }
    }

    private static void closeAll() throws Exception {
        closeImages(MacroHarness.titles().toArray(new String[0]));
        await("all images closed", () -> WindowManager.getImageCount() == 0);
    }

    private static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            if (Float.isNaN(a[i]) != Float.isNaN(b[i])) {
                return Double.POSITIVE_INFINITY;
            }
            if (!Float.isNaN(a[i])) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        return max;
    }

    // ---- the recorder ---------------------------------------------------------------------------------------

    /** What the recorder's text gained since the last call. */
    private String newRecorderText() {
        Recorder r = Recorder.getInstance();
        String text = r == null ? "" : r.getText();
        String added = text.startsWith(recorderSeen) ? text.substring(recorderSeen.length()) : text;
        recorderSeen = text;
        return added.trim();
    }

    private static String lastRunLine(String recorded, String command) {
        String line = null;
        if (recorded != null) {
            for (String l : recorded.split("\\R")) {
                if (l.startsWith("run(\"" + command + "\"")) {
                    line = l.trim();
                }
            }
        }
        if (line == null) {
            throw new IllegalStateException("the recorder wrote no run(\"" + command + "\"...): " + recorded);
        }
        return line;
    }

    // ---- screenshots ----------------------------------------------------------------------------------------

    /**
     * Brings an image's window to the front and captures the screen until it shows, unoccluded and at
     * magnification 1, what ImageJ renders for the image (its LUT over its display range) or the wait ends;
     * saves the screen and reports the share of the image's pixels found on it, where (and where AWT says the
     * canvas is), and how many colours the screen has.
     */
    private void screenshot(String key, String title, String file) throws Exception {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null || imp.getWindow() == null) {
            put(key + ".screenshot", "no window " + title);
            return;
        }
        ImageWindow win = imp.getWindow();
        ImageCanvas canvas = win.getCanvas();
        BufferedImage expected = new BufferedImage(imp.getWidth(), imp.getHeight(), BufferedImage.TYPE_INT_RGB);
        expected.getGraphics().drawImage(imp.getImage(), 0, 0, null);
        Robot robot = new Robot();
        long end = System.currentTimeMillis() + WAIT_MS;
        double match = 0;
        Point at = null;
        BufferedImage screen;
        do {
            onEdt(() -> {
                win.toFront();
                canvas.repaint();
            });
            robot.waitForIdle();
            Toolkit.getDefaultToolkit().sync();
            Thread.sleep(100);
            screen = robot.createScreenCapture(screenBounds());
            at = canvas.isShowing() ? locate(screen, expected, canvas.getLocationOnScreen()) : null;
            match = at == null ? 0 : match(screen, expected, at);
        } while (match < 0.98 && System.currentTimeMillis() < end);
        Path png = out.resolve(file);
        ImageIO.write(screen, "png", png.toFile());
        put(key + ".screenshot", png.toString());
        put(key + ".canvasMatch", match);
        put(key + ".magnification", canvas.getMagnification());
        put(key + ".foundAt", at == null ? "nowhere" : at.x + "," + at.y);
        put(key + ".canvasAt", canvas.isShowing() ? canvas.getLocationOnScreen().x + ","
                + canvas.getLocationOnScreen().y : "not showing");
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < screen.getHeight(); y += 2) {
            for (int x = 0; x < screen.getWidth(); x += 2) {
                colours.add(screen.getRGB(x, y) & 0xffffff);
            }
        }
        put(key + ".screenColours", colours.size());
    }

    /** A screenshot for people reading a failure (not judged): the message box painted, as far as a short wait allows. */
    private void screenshotScreen(String file) {
        try {
            Files.createDirectories(out);
            Robot robot = new Robot();
            robot.waitForIdle();
            Thread.sleep(200);
            ImageIO.write(robot.createScreenCapture(screenBounds()), "png", out.resolve(file).toFile());
        } catch (Exception e) {
            put("screenshot.error." + file, e.toString());
        }
    }

    private static Rectangle screenBounds() {
        return GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice().getDefaultConfiguration()
                .getBounds();
    }

    /**
     * Where the screen shows the image: AWT's location of the canvas if the image is there, else the first
     * place where 64 scattered pixels of it all are (AWT's idea of a window's place can lag behind the X
     * server's without a window manager); null if nowhere.
     */
    private static Point locate(BufferedImage screen, BufferedImage image, Point hint) {
        if (match(screen, image, hint) >= 0.98) {
            return hint;
        }
        java.util.Random random = new java.util.Random(1);
        int n = 64;
        int[] sx = new int[n];
        int[] sy = new int[n];
        for (int i = 0; i < n; i++) {
            sx[i] = random.nextInt(image.getWidth());
            sy[i] = random.nextInt(image.getHeight());
        }
        for (int y = 0; y + image.getHeight() <= screen.getHeight(); y++) {
            for (int x = 0; x + image.getWidth() <= screen.getWidth(); x++) {
                int i = 0;
                while (i < n && close(screen.getRGB(x + sx[i], y + sy[i]), image.getRGB(sx[i], sy[i]))) {
                    i++;
                }
                if (i == n) {
                    return new Point(x, y);
                }
            }
        }
        return null;
    }

    /** Share of the image's pixels the screen shows at this place (within 2 levels a channel). */
    private static double match(BufferedImage screen, BufferedImage image, Point at) {
        long same = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int px = at.x + x;
                int py = at.y + y;
                if (px >= 0 && py >= 0 && px < screen.getWidth() && py < screen.getHeight()
                        && close(screen.getRGB(px, py), image.getRGB(x, y))) {
                    same++;
                }
            }
        }
        return (double) same / ((long) image.getWidth() * image.getHeight());
    }

    private static boolean close(int a, int b) {
        return Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) <= 2 && Math.abs(((a >> 8) & 255) - ((b >> 8) & 255)) <= 2
                && Math.abs((a & 255) - (b & 255)) <= 2;
    }

    // ---- small helpers --------------------------------------------------------------------------------------

    private void put(String key, Object value) {
        report.setProperty(key, String.valueOf(value));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("waited " + TimeUnit.MILLISECONDS.toSeconds(WAIT_MS) + " s for "
                        + what + "; windows " + windowTitles());
            }
            Thread.sleep(50);
        }
    }
}
