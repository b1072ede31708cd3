package org.defocusj.stack;

import org.defocusj.param.Keyed;
import org.defocusj.param.Keys;
import org.defocusj.param.ParameterSpec;

/**
 * Which axis of an ImageJ (hyper)stack holds the focus slices. Normally Z, or T when Z has one slice; some
 * writers store a stack's slices as channels instead (Python tifffile's ImageJ mode writes an N-image array as
 * C=N, Z=T=1), which {@link #AUTO} recognises when nothing else can be meant and {@link #C} asks for.
 */
public enum FocusAxis implements Keyed {
    /** Z, else T, else the channels of a grey stack whose Z and T have size 1 (see {@link ImagePlusStacks}). */
    AUTO,
    Z,
    T,
    C;

    public static final ParameterSpec<String> FOCUS_AXIS = ParameterSpec.choice("focus-axis", "Focus axis", AUTO)
            .placeholder("AXIS")
            .help("Axis of the stack that holds the focus slices: 'auto' takes Z, else T, else the channels of a "
                    + "grey stack whose Z and T are 1 (as Python tifffile's ImageJ mode writes stacks; a colour "
                    + "composite of 2 or 3 channels needs 'c' said explicitly); 'z', 't' or 'c' to choose");

    /** The axis for a key of {@link #FOCUS_AXIS} (any case). */
    public static FocusAxis of(String key) {
        return Keys.parse(FocusAxis.class, FOCUS_AXIS.convert(key == null ? FOCUS_AXIS.defaultValue() : key),
                FOCUS_AXIS.id(), "focus axis");
    }
}
