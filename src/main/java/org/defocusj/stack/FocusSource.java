package org.defocusj.stack;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;

/**
 * Where the focus distances of a stack come from, as the user asked, and along which axis of the stack the focus
 * slices lie ({@link FocusAxis}). Resolution order for {@link #auto}: a sidecar file beside the stack, then the
 * ImageJ z-calibration, then slice labels.
 */
public final class FocusSource implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The word for "find the distances in the stack's own metadata". */
    public static final String AUTO = "auto";
    /** The word for unknown distances: depth in fractional slices. */
    public static final String INDEX = "index";
    /** The word for "the focus distance each slice's EXIF records" (a folder of camera images; approximate). */
    public static final String EXIF = "exif";

    public static final ParameterSpec<String> FOCUS = ParameterSpec.text("focus", "Focus distances", AUTO)
            .placeholder("LIST|auto|index|exif")
            .help("Focus distance of each slice, comma-separated in slice order (e.g. 0.5,0.8,1.2), in the unit; "
                    + "'auto': from a NAME.focus.txt beside the stack (focus.txt inside a folder), the ImageJ "
                    + "z-calibration or slice labels 'focus=<d> <unit>'; 'index': distances unknown, depth in "
                    + "fractional slices; 'exif': the focus distance each image's EXIF or maker notes record (a folder of camera "
                    + "images; coarse, approximate)");
    public static final ParameterSpec<Path> FOCUS_FILE = ParameterSpec.file("focus-file", "Focus file")
            .help("Text/CSV file with one focus distance per line (or as the last field); '#' comments; a line "
                    + "'unit=um' sets its unit");
    public static final ParameterSpec<String> UNIT = ParameterSpec.choice("unit", "Unit", "m",
            List.of("m", "cm", "mm", "um", "nm")).placeholder("UNIT").spellings(FocusSource::unitKey)
            .help("Unit of the focus distances given (and of unit-less focus files): m, cm, mm for cameras "
                    + "(distances from the lens), um, nm for microscopes (stage positions)");

    /** The parameters {@link #parse} reads, in the order front ends show them. */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(FOCUS, FOCUS_FILE, UNIT, FocusAxis.FOCUS_AXIS);

    /** The kinds of source, in precedence order when several are available. */
    public enum Kind { EXPLICIT, FILE, AUTO, INDEX, EXIF }

    private final Kind kind;
    private final double[] values;
    private final String file; // a String, because Path is not serializable (batch engines ship this)
    private final DistanceUnit unit;
    private final FocusAxis axis;

    private FocusSource(Kind kind, double[] values, Path file, DistanceUnit unit) {
        this(kind, values, file == null ? null : file.toString(), unit, FocusAxis.AUTO);
    }

    private FocusSource(Kind kind, double[] values, String file, DistanceUnit unit, FocusAxis axis) {
        this.kind = kind;
        this.values = values;
        this.file = file;
        this.unit = unit;
        this.axis = axis;
    }

    /** The same distances, read along {@code focusAxis} of the stack. */
    public FocusSource withAxis(FocusAxis focusAxis) {
        return new FocusSource(kind, values, file, unit, Objects.requireNonNull(focusAxis));
    }

    /** The stack axis that holds the focus slices ({@link FocusAxis#AUTO} unless the user said). */
    public FocusAxis axis() {
        return axis;
    }

    /** Distances given by the user, e.g. on the command line. */
    public static FocusSource explicit(double[] values, DistanceUnit unit) {
        return new FocusSource(Kind.EXPLICIT, values.clone(), null, Objects.requireNonNull(unit));
    }

    /** A sidecar file; {@code unit} applies unless the file declares its own. */
    public static FocusSource file(Path file, DistanceUnit unit) {
        return new FocusSource(Kind.FILE, null, Objects.requireNonNull(file), Objects.requireNonNull(unit));
    }

    /** Find them in a sidecar, the calibration or the slice labels; {@code unit} applies to unit-less sidecars. */
    public static FocusSource auto(DistanceUnit unit) {
        return new FocusSource(Kind.AUTO, null, null, Objects.requireNonNull(unit));
    }

    /** The distances each slice's EXIF records, once the reader has them ({@link #withExifDistances}). */
    public static FocusSource exif() {
        return new FocusSource(Kind.EXIF, null, null, DistanceUnit.M);
    }

    /** This EXIF source with the distances in metres that the reader found, one per slice (NaN: none). */
    public FocusSource withExifDistances(double[] metres) {
        return new FocusSource(Kind.EXIF, metres.clone(), file, DistanceUnit.M, axis);
    }

    /** Distances unknown: depth comes out as fractional slice index, unit {@code slice}. */
    public static FocusSource index() {
        return new FocusSource(Kind.INDEX, null, null, DistanceUnit.SLICE);
    }

    public Kind kind() {
        return kind;
    }

    public double[] values() {
        return values == null ? null : values.clone();
    }

    public Path file() {
        return file == null ? null : Path.of(file);
    }

    public DistanceUnit unit() {
        return unit;
    }

    /**
     * The one grammar of focus distances: {@code focus} is a comma-separated list, {@code index}, or {@code auto}
     * (also empty, {@code calibration}, {@code labels}); a focus file instead of a list; {@code unit} for both.
     */
    public static FocusSource parse(String focus, Path focusFile, String unit) {
        DistanceUnit u = DistanceUnit.parse(UNIT.convert(unit == null ? UNIT.defaultValue() : unit), UNIT.id());
        String t = focus == null ? "" : focus.trim().toLowerCase(Locale.ROOT);
        boolean auto = t.isEmpty() || t.equals(AUTO) || t.equals("calibration") || t.equals("labels")
                || t.equals("from calibration/labels");
        if (focusFile != null) {
            if (!auto) {
                throw new BadInputException(BadInputException.ref(FOCUS.id()) + " and "
                        + BadInputException.ref(FOCUS_FILE.id()) + ": give one or the other, not both");
            }
            return file(focusFile, u);
        }
        if (auto) {
            return auto(u);
        }
        if (t.equals(INDEX)) {
            return index();
        }
        if (t.equals(EXIF)) {
            return exif();
        }
        return explicit(FocusDistances.parseList(focus, FOCUS.id()), u);
    }

    /** {@link #parse} from harvested values, with the focus axis. */
    public static FocusSource parse(org.defocusj.param.ParameterValues v) {
        return parse(v.get(FOCUS), v.get(FOCUS_FILE), v.get(UNIT)).withAxis(FocusAxis.of(v.get(FocusAxis.FOCUS_AXIS)));
    }

    /** The key of a length unit in any spelling DistanceUnit knows ({@code µm}, {@code micron}), or null. */
    private static String unitKey(String text) {
        DistanceUnit u = DistanceUnit.tryParse(text);
        return u == null || u.isRelative() ? null : u.name().toLowerCase(Locale.ROOT);
    }
}
