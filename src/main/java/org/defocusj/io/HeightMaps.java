package org.defocusj.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.defocusj.BadInputException;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.surface.HeightField;

/**
 * Height maps as {@link HeightField}s: read from 32-bit one-plane TIFFs (or open ImageJ images) with their
 * ImageJ calibration (pixel size and unit; the value unit is the height unit, as DefocusJ's depth TIFFs carry
 * it), confidence maps of the same size, and height fields back as calibrated 32-bit images.
 */
public final class HeightMaps {

    /** The height unit of a map whose values carry none. */
    public static final String NO_UNIT = "a.u.";

    private HeightMaps() {
    }

    /**
     * A height map file: a one-plane 32-bit image.
     *
     * @param parameter the id of the parameter that named it (or null for the positional input), for messages
     */
    public static HeightField read(Path file, String parameter) {
        return wrapErrors(parameter, () -> fromImage(open(file), file.toString()));
    }

    /** A one-plane 32-bit ImageJ image as a height field (its pixels are copied); {@code name} is for messages. */
    public static HeightField fromImage(ImagePlus imp, String name) {
        if (imp.getStackSize() != 1) {
            throw new BadInputException(name + ": has " + imp.getStackSize() + " planes (expected a one-plane "
                    + "32-bit height map)");
        }
        if (imp.getBitDepth() != 32) {
            throw new BadInputException(name + ": is a " + (imp.getBitDepth() == 24 ? "RGB" : imp.getBitDepth()
                    + "-bit") + " image (expected a one-plane 32-bit height map, e.g. DefocusJ's depth.tif)");
        }
        ImageProcessor ip = imp.getProcessor();
        float[] z = ((float[]) ip.getPixels()).clone();
        Calibration cal = imp.getCalibration();
        String heightUnit = heightUnit(cal.getValueUnit());
        String xy = cal.getUnit();
        boolean calibrated = xy != null && !xy.isBlank() && !xy.equalsIgnoreCase("pixel")
                && !xy.equalsIgnoreCase("pixels") && cal.pixelWidth > 0 && cal.pixelHeight > 0;
        if (!calibrated) {
            return HeightField.uncalibrated(ip.getWidth(), ip.getHeight(), z, heightUnit);
        }
        return HeightField.calibrated(ip.getWidth(), ip.getHeight(), z, cal.pixelWidth, cal.pixelHeight,
                symbol(xy), heightUnit);
    }

    /**
     * A confidence map for {@code field}: one plane of the same size, any gray type (values as they are).
     *
     * @param parameter the id of the parameter that named it, for messages
     */
    public static float[] readConfidence(Path file, HeightField field, String parameter) {
        return wrapErrors(parameter, () -> confidence(open(file), field, file.toString()));
    }

    /** The values of a one-plane gray image of {@code field}'s size; {@code name} is for messages. */
    public static float[] confidence(ImagePlus imp, HeightField field, String name) {
        if (imp.getStackSize() != 1 || imp.getProcessor() instanceof ColorProcessor) {
            throw new BadInputException(name + ": " + (imp.getStackSize() != 1 ? "has " + imp.getStackSize()
                    + " planes" : "is an RGB image") + " (expected a one-plane gray confidence map)");
        }
        ImageProcessor ip = imp.getProcessor();
        if (ip.getWidth() != field.width() || ip.getHeight() != field.height()) {
            throw new BadInputException(name + ": is " + ip.getWidth() + " x " + ip.getHeight() + ", the height map "
                    + field.width() + " x " + field.height() + " (expected a confidence map of the same size)");
        }
        float[] c = new float[field.width() * field.height()];
        for (int i = 0; i < c.length; i++) {
            c[i] = ip.getf(i);
        }
        return c;
    }

    /** A height field as a calibrated 32-bit image (value unit the height unit), {@code info} in its Info. */
    public static ImagePlus toImage(HeightField f, String title, Map<String, String> info) {
        FloatProcessor fp = new FloatProcessor(f.width(), f.height(), f.heights().clone());
        fp.resetMinAndMax();
        ImagePlus imp = new ImagePlus(title, fp);
        Calibration cal = new Calibration();
        if (f.xyCalibrated()) {
            cal.pixelWidth = f.pixelWidth();
            cal.pixelHeight = f.pixelHeight();
            cal.setUnit(DistanceUnit.UM.symbol().equals(f.xyUnit()) ? "micron" : f.xyUnit());
        }
        if (!NO_UNIT.equals(f.heightUnit())) {
            cal.setValueUnit(DistanceUnit.UM.symbol().equals(f.heightUnit()) ? "um" : f.heightUnit());
        }
        imp.setCalibration(cal);
        StringBuilder sb = new StringBuilder();
        if (info != null) {
            info.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        }
        imp.setProperty("Info", sb.toString());
        return imp;
    }

    private static ImagePlus open(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException(file + ": no such file (expected a 32-bit TIFF height map)");
        }
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder (expected a 32-bit TIFF height map)");
        }
        return StackReader.openImage(file);
    }

    /** ImageJ's value unit as a height unit: a length's symbol, or {@link #NO_UNIT} for plain gray values. */
    static String heightUnit(String valueUnit) {
        if (valueUnit == null || valueUnit.isBlank() || valueUnit.equalsIgnoreCase("Gray Value")) {
            return NO_UNIT;
        }
        return symbol(valueUnit);
    }

    private static String symbol(String unit) {
        DistanceUnit u = DistanceUnit.tryParse(unit);
        return u == null ? unit.trim() : u.symbol();
    }

    private static <T> T wrapErrors(String parameter, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (BadInputException e) {
            throw parameter == null ? e : BadInputException.forParameter(parameter, e);
        }
    }
}
