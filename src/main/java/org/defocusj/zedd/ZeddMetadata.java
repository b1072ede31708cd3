package org.defocusj.zedd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.defocusj.BadInputException;

/**
 * ZEDD's {@code metadata.txt}: one line per focus run, {@code run_id <TAB> motor_hex <TAB> focus_distance_m},
 * blank lines and lines starting with '#' ignored. The run id is {@code run_<i>} (i from 1); the motor hex is
 * the lens motor position that also appears in every image file name of that run, which is how a file is tied
 * to its focus distance.
 */
public final class ZeddMetadata {

    /** The file name inside the ZEDD root. */
    public static final String FILE_NAME = "metadata.txt";

    private static final Pattern RUN_ID = Pattern.compile("run_(\\d+)");
    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]+");

    /** One focus run. */
    public static final class Run {
        private final int index;
        private final String motorHex;
        private final double focusM;

        Run(int index, String motorHex, double focusM) {
            this.index = index;
            this.motorHex = motorHex;
            this.focusM = focusM;
        }

        /** The i of {@code run_<i>} (focus index i - 1). */
        public int index() {
            return index;
        }

        /** The motor position as written in metadata.txt. */
        public String motorHex() {
            return motorHex;
        }

        /** Focus distance in metres. */
        public double focusM() {
            return focusM;
        }
    }

    private final String source;
    private final Map<Integer, Run> runs;

    private ZeddMetadata(String source, Map<Integer, Run> runs) {
        this.source = source;
        this.runs = Collections.unmodifiableMap(runs);
    }

    /** Reads and validates the file. */
    public static ZeddMetadata read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file (expected ZEDD's metadata.txt with one line per focus "
                    + "run: run_id<TAB>motor_hex<TAB>focus_distance_m)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        return parse(lines, file.toString());
    }

    /** Parses the lines of a metadata file; {@code source} names it in errors. */
    static ZeddMetadata parse(List<String> lines, String source) {
        Map<Integer, Run> runs = new TreeMap<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Run run = parseLine(line, source + " line " + (n + 1));
            if (runs.put(run.index, run) != null) {
                throw new BadInputException(source + " line " + (n + 1) + ": run_" + run.index
                        + " is listed twice (expected one line per run)");
            }
        }
        if (runs.isEmpty()) {
            throw new BadInputException(source + ": no focus runs (expected lines run_id<TAB>motor_hex<TAB>"
                    + "focus_distance_m)");
        }
        return new ZeddMetadata(source, runs);
    }

    private static Run parseLine(String line, String where) {
        String[] f = line.split("\t");
        String expected = " (expected run_id<TAB>motor_hex<TAB>focus_distance_m, e.g. run_1\\t2371\\t0.85)";
        if (f.length != 3) {
            throw new BadInputException(where + ": '" + line + "' has " + f.length + " tab-separated field(s)"
                    + expected);
        }
        Matcher id = RUN_ID.matcher(f[0].trim());
        if (!id.matches()) {
            throw new BadInputException(where + ": run id '" + f[0].trim() + "' is not run_<number>" + expected);
        }
        String hex = f[1].trim();
        if (!HEX.matcher(hex).matches()) {
            throw new BadInputException(where + ": motor '" + hex + "' is not hexadecimal" + expected);
        }
        double focus;
        try {
            focus = Double.parseDouble(f[2].trim());
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": focus distance '" + f[2].trim() + "' is not a number" + expected);
        }
        if (!(focus > 0) || Double.isInfinite(focus)) {
            throw new BadInputException(where + ": focus distance " + f[2].trim()
                    + " (expected a positive finite distance in metres)");
        }
        int index;
        try {
            index = Integer.parseInt(id.group(1));
        } catch (NumberFormatException e) {
            throw new BadInputException(where + ": run id '" + f[0].trim() + "' is out of range" + expected);
        }
        return new Run(index, hex, focus);
    }

    /** The run of 0-based focus index {@code k} ({@code run_<k+1>}). */
    public Run forFocusIndex(int k) {
        Run r = runs.get(k + 1);
        if (r == null) {
            throw new BadInputException(source + ": no run_" + (k + 1) + " for focus index " + k + " (it lists "
                    + listing() + ")");
        }
        return r;
    }

    private String listing() {
        return runs.size() + " run(s): " + Arrays.toString(runs.keySet().stream().map(i -> "run_" + i).toArray())
                .replace("[", "").replace("]", "");
    }

    /** Every run, by index. */
    public Map<Integer, Run> runs() {
        return runs;
    }

    /** The file these runs came from, for messages. */
    public String source() {
        return source;
    }

    /** True when {@code hex} names the same motor position as run {@code r} (case-insensitive, leading zeros ignored). */
    static boolean sameMotor(Run r, String hex) {
        return normaliseHex(r.motorHex).equals(normaliseHex(hex));
    }

    private static String normaliseHex(String hex) {
        String h = hex.toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
        return h;
    }
}
