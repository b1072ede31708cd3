package org.defocusj.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.defocusj.BadInputException;

/**
 * Reads and writes focus-distance sidecar files. Format: one distance per line, or CSV/TSV lines whose last
 * numeric field is the distance (so {@code step0.jpg,0.5} works); '#' starts a comment; non-numeric header
 * lines are skipped; a line {@code unit=um} (or {@code unit: um}) sets the unit.
 */
public final class FocusFile {

    /** Names looked for next to a stack file ({@code NAME.focus.txt}) or inside a folder stack. */
    public static final String[] FOLDER_NAMES = {"focus.txt", "focus.csv", "focus_distances.txt", "focus_distances.csv"};

    private FocusFile() {
    }

    public static FocusDistances read(Path file, DistanceUnit defaultUnit) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read focus-distance file (" + e.getMessage() + ")", e);
        }
        DistanceUnit unit = defaultUnit;
        List<Double> values = new ArrayList<>();
        int lineNo = 0;
        for (String raw : lines) {
            lineNo++;
            String line = raw;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.trim();
            if (line.isEmpty()) {
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("unit")) {
                String u = line.substring(4).replaceFirst("^\\s*[=:]\\s*", "").trim();
                unit = DistanceUnit.tryParse(u);
                if (unit == null) {
                    throw new BadInputException(file + " line " + lineNo + ": " + DistanceUnit.unknown(u));
                }
                continue;
            }
            String[] fields = line.split("[,;\\t ]+");
            String last = fields[fields.length - 1];
            Double v = parseNumber(last);
            if (v == null) {
                if (values.isEmpty()) {
                    continue; // a header line
                }
                throw new BadInputException(file + " line " + lineNo + ": '" + raw.trim()
                        + "' has no focus distance (expected a number as the last field)");
            }
            values.add(v);
        }
        if (values.isEmpty()) {
            throw new BadInputException(file + ": no focus distances found (expected one number per line)");
        }
        double[] arr = new double[values.size()];
        for (int i = 0; i < arr.length; i++) {
            arr[i] = values.get(i);
        }
        return new FocusDistances(arr, unit, file.toString());
    }

    /** Writes distances one per line with a unit line, readable by {@link #read}. */
    public static String format(FocusDistances focus) {
        StringBuilder sb = new StringBuilder();
        sb.append("# focus distance of each slice, in order\n");
        sb.append("unit=").append(focus.unit() == DistanceUnit.UM ? "um" : focus.unit().symbol()).append('\n');
        for (int i = 0; i < focus.size(); i++) {
            sb.append(focus.get(i)).append('\n');
        }
        return sb.toString();
    }

    static Double parseNumber(String s) {
        try {
            return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
