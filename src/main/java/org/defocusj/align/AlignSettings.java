package org.defocusj.align;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

import org.defocusj.param.Keys;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * How a stack is aligned before depth is estimated, and the declaration of the alignment parameters (front
 * ends make their options and fields from {@link #PARAMETERS}; {@link #ALIGNED} is an output file, offered
 * where a front end writes files, {@link #ALIGNED_OUTPUT} the same output where the front end names it itself).
 */
public final class AlignSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ParameterSpec<String> ALIGN = ParameterSpec.choice("align", "Align slices",
            AlignModel.AUTO).placeholder("MODEL")
            .help("Align the slices before estimating depth: auto (scale, rotation and shift; if that fails, a "
                    + "warning and the stack unaligned), similarity (the same, failure is an error), translation "
                    + "(shift only, e.g. a drifting microscope stage) or off (telecentric optics, aligned stacks)");
    public static final ParameterSpec<Boolean> CROP = ParameterSpec.flag("align-crop", "Crop to aligned region")
            .help("Crop the outputs to the largest rectangle every aligned slice covers, instead of NaN depth "
                    + "outside the region they all cover");
    public static final ParameterSpec<Path> ALIGNED = ParameterSpec.file("aligned", "Aligned stack file")
            .placeholder("FILE").help("Also write the aligned stack (TIFF in the stack's bit depth)");
    /**
     * The aligned stack as an output the front end places: a batch writes it into each stack's folder, Fiji shows
     * it as a new image.
     */
    public static final ParameterSpec<Boolean> ALIGNED_OUTPUT = ParameterSpec.flag("aligned-stack", "Aligned stack")
            .help("Also output the stack as the depth method saw it, aligned (as read when it was not aligned), in "
                    + "the stack's bit depth: a batch writes it as aligned.tif beside each depth map, Fiji shows it "
                    + "as a new image");

    /** The parameters every depth estimation takes (the output file is not among them). */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(ALIGN, CROP);

    public static final AlignSettings DEFAULTS = new AlignSettings(AlignModel.AUTO, false);
    public static final AlignSettings OFF = new AlignSettings(AlignModel.OFF, false);

    private final AlignModel model;
    private final boolean crop;

    public AlignSettings(AlignModel model, boolean crop) {
        this.model = model;
        this.crop = crop;
    }

    /** From harvested values; absent ones take their defaults. */
    public static AlignSettings from(ParameterValues values) {
        return from(values, AlignModel.AUTO);
    }

    /** From harvested values, with {@code fallback} where none is chosen (ZEDD's aligned stacks: off). */
    public static AlignSettings from(ParameterValues values, AlignModel fallback) {
        AlignModel m = values.has(ALIGN) && values.get(ALIGN) != null ? parse(values.get(ALIGN)) : fallback;
        Boolean crop = values.get(CROP);
        return new AlignSettings(m, crop != null && crop);
    }

    static AlignModel parse(String text) {
        return Keys.parse(AlignModel.class, text, ALIGN.id(), "alignment model");
    }

    public AlignModel model() {
        return model;
    }

    public boolean crop() {
        return crop;
    }

    public boolean enabled() {
        return model != AlignModel.OFF;
    }

    @Override
    public String toString() {
        return model.key() + (crop ? ", crop" : "");
    }
}
