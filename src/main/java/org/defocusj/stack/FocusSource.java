package org.defocusj.stack;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the focus distances of a stack come from, as the user asked. Resolution order for {@link #auto}:
 * a sidecar file beside the stack, then the ImageJ z-calibration, then slice labels.
 */
public final class FocusSource implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The kinds of source, in precedence order when several are available. */
    public enum Kind { EXPLICIT, FILE, AUTO, INDEX }

    private final Kind kind;
    private final double[] values;
    private final String file; // a String, because Path is not serializable (batch engines ship this)
    private final DistanceUnit unit;

    private FocusSource(Kind kind, double[] values, Path file, DistanceUnit unit) {
        this.kind = kind;
        this.values = values;
        this.file = file == null ? null : file.toString();
        this.unit = unit;
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
}
