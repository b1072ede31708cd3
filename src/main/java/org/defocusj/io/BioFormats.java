package org.defocusj.io;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Locale;

import ij.IJ;
import ij.ImagePlus;

import org.defocusj.BadInputException;

/**
 * Bio-Formats, when present at run time (Fiji ships it), for microscope formats ImageJ 1.x cannot read and
 * for OME-TIFF metadata (z spacing and unit). It is not on Maven Central, so it is never a compile
 * dependency: {@code loci.plugins.BF.openImagePlus(String)} is found and called reflectively.
 */
final class BioFormats {

    static final String BF_CLASS = "loci.plugins.BF";
    /** Formats that need Bio-Formats for their pixels or for their z-calibration. */
    private static final String[] FORMATS = {".czi", ".nd2", ".lif", ".lsm", ".oib", ".oif", ".ims", ".vsi",
        ".ome.tif", ".ome.tiff", ".ome.btf"};

    private final String className;

    BioFormats(String className) {
        this.className = className;
    }

    /** The real Bio-Formats entry point. */
    static BioFormats installed() {
        return new BioFormats(BF_CLASS);
    }

    /** True for files whose format needs (or, for OME-TIFF, is better read by) Bio-Formats. */
    static boolean wants(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String f : FORMATS) {
            if (name.endsWith(f)) {
                return true;
            }
        }
        return false;
    }

    /** True if ImageJ cannot read the file's pixels at all without Bio-Formats. */
    static boolean required(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return wants(file) && !name.endsWith(".ome.tif") && !name.endsWith(".ome.tiff");
    }

    boolean available() {
        return entryPoint() != null;
    }

    private Method entryPoint() {
        try {
            ClassLoader loader = IJ.getClassLoader() != null ? IJ.getClassLoader() : BioFormats.class.getClassLoader();
            Class<?> bf = Class.forName(className, true, loader);
            return bf.getMethod("openImagePlus", String.class);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError | RuntimeException e) {
            return null;
        }
    }

    /** The first series of the file, as Bio-Formats opens it (its calibration carries the z spacing). */
    ImagePlus open(Path file) {
        Method m = entryPoint();
        if (m == null) {
            throw new BadInputException(file + ": this format needs Bio-Formats (CZI, ND2, LIF, LSM, OIB/OIF, IMS, VSI; "
                    + "OME-TIFF for its metadata), which is not installed here: use Fiji, or add "
                    + "bioformats_package.jar to the class path");
        }
        Object result;
        try {
            result = m.invoke(null, file.toAbsolutePath().toString());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new BadInputException(file + ": Bio-Formats could not read it (" + cause.getMessage() + ")", cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + className + ".openImagePlus", e);
        }
        if (!(result instanceof ImagePlus[]) || ((ImagePlus[]) result).length == 0
                || ((ImagePlus[]) result)[0] == null) {
            throw new BadInputException(file + ": Bio-Formats found no image in it");
        }
        return ((ImagePlus[]) result)[0];
    }
}
