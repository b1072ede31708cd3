package org.defocusj.ij1;

import java.awt.HeadlessException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ij.IJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.ResultsTable;

/**
 * Runs macros in ImageJ 1.x's real interpreter, headless and in batch mode, with DefocusJ's menu entries
 * installed from the jar's plugins.config as ImageJ installs them, and captures the Log (which ImageJ prints
 * to standard output when it has no window).
 */
final class MacroHarness {

    /** One plugins.config entry: {@code Plugins>DefocusJ, "Label", class.Name}. */
    static final Pattern ENTRY = Pattern.compile("^(Plugins>[^,]+),\\s*\"([^\"]+)\"(?:,\\s*(\\S+))?\\s*$");

    private MacroHarness() {
    }

    /** The entries of src/main/resources/plugins.config as the class path has it: {menu, label, class}. */
    static List<String[]> pluginsConfig() throws IOException {
        List<String[]> entries = new ArrayList<>();
        try (InputStream in = MacroHarness.class.getResourceAsStream("/plugins.config")) {
            if (in == null) {
                throw new IOException("plugins.config is not on the class path");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String s = line.trim();
                if (s.length() < 3 || s.startsWith("#")) {
                    continue;
                }
                Matcher m = ENTRY.matcher(s);
                if (!m.matches()) {
                    throw new IOException("plugins.config: cannot parse '" + s + "'");
                }
                entries.add(new String[] {m.group(1), m.group(2), m.group(3)});
            }
        }
        return entries;
    }

    /**
     * Puts DefocusJ's commands into ImageJ's command table. Headless, ImageJ builds the table in IJ.init()
     * and then fails creating AWT menus, so it never reads plugins.config; this does the reading.
     */
    @SuppressWarnings("unchecked")
    static synchronized void installCommands() throws Exception {
        Hashtable<String, String> table = Menus.getCommands();
        if (table == null) {
            Method init = IJ.class.getDeclaredMethod("init");
            init.setAccessible(true);
            try {
                init.invoke(null);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof HeadlessException)) {
                    throw e;
                }
            }
            table = Menus.getCommands();
        }
        for (String[] e : pluginsConfig()) {
            if (e[2] != null) {
                table.put(e[1], e[2]);
            }
        }
    }

    /** A macro run: what it returned and what it logged. */
    static final class Run {
        final String returned;
        final String log;

        Run(String returned, String log) {
            this.returned = returned;
            this.log = log;
        }
    }

    /** Runs a macro's text with {@code getArgument()} = {@code arg}, in batch mode. */
    static Run run(String macro, String arg) throws Exception {
        installCommands();
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String returned;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            Interpreter.batchMode = true;
            returned = IJ.runMacro(macro, arg);
        } finally {
            System.setOut(old);
        }
        String log = buf.toString(StandardCharsets.UTF_8);
        old.print(log);
        return new Run(returned, log);
    }

    static Run runFile(Path macro, String arg) throws Exception {
        return run(new String(Files.readAllBytes(macro), StandardCharsets.UTF_8), arg);
    }

    /** Closes every image ImageJ knows and empties the Results table. */
    static void reset() {
        int[] ids = WindowManager.getIDList();
        if (ids != null) {
            for (int id : ids) {
                ImagePlus imp = WindowManager.getImage(id);
                if (imp != null) {
                    imp.changes = false;
                    imp.close();
                }
            }
        }
        WindowManager.setTempCurrentImage(null);
        Interpreter.batchMode = false;
        ResultsTable.getResultsTable().reset();
    }

    /** Titles of the images ImageJ knows (batch-mode ones included). */
    static List<String> titles() {
        List<String> titles = new ArrayList<>();
        int[] ids = WindowManager.getIDList();
        if (ids != null) {
            for (int id : ids) {
                ImagePlus imp = WindowManager.getImage(id);
                if (imp != null) {
                    titles.add(imp.getTitle());
                }
            }
        }
        return titles;
    }
}
