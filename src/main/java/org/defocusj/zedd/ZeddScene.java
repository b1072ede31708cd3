package org.defocusj.zedd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.defocusj.BadInputException;

/**
 * One ZEDD scene folder: {@code focus_stack/img_run_<i>_motor_<hex>_aperture_F<N.N>.jpg} (one image per focus run
 * and aperture), {@code gt/K.txt} (3 x 3 intrinsics) and, in the validation split, {@code gt/depth.npy} (depth
 * in metres).
 */
public final class ZeddScene {

    private static final Pattern IMAGE = Pattern.compile(
            "img_run_(\\d+)_motor_([0-9A-Fa-f]+)_aperture_F(\\d+(?:\\.\\d+)?)\\.jpe?g", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final Path dir;
    private List<Path> images;

    ZeddScene(Path dir) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
    }

    /** The folder name. */
    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public Path focusStackDir() {
        return dir.resolve("focus_stack");
    }

    public Path intrinsicsFile() {
        return dir.resolve("gt").resolve("K.txt");
    }

    public Path depthFile() {
        return dir.resolve("gt").resolve("depth.npy");
    }

    /** The file name the reference expects for a run and aperture, e.g. {@code img_run_3_motor_1f40_aperture_F2.8.jpg}. */
    public static String imageName(ZeddMetadata.Run run, double fNumber) {
        return "img_run_" + run.index() + "_motor_" + run.motorHex() + "_aperture_" + aperture(fNumber) + ".jpg";
    }

    /** {@code F2.8}: the f-number with one decimal, as file names carry it. */
    static String aperture(double fNumber) {
        return String.format(Locale.ROOT, "F%.1f", fNumber);
    }

    /**
     * The image of 0-based focus index {@code k} at {@code fNumber}: the file of {@code run_<k+1>} with that
     * aperture. Its motor hex must be the one metadata.txt gives for the run, since the focus distance is tied
     * to the motor position.
     *
     * @throws BadInputException when there is no such file, or when its motor hex contradicts metadata.txt
     */
    public Path focusImage(ZeddMetadata metadata, int k, double fNumber) {
        ZeddMetadata.Run run = metadata.forFocusIndex(k);
        String wanted = aperture(fNumber);
        Path found = null;
        for (Path p : images()) {
            Matcher m = IMAGE.matcher(p.getFileName().toString());
            if (!m.matches() || Integer.parseInt(m.group(1)) != run.index()
                    || !aperture(Double.parseDouble(m.group(3))).equals(wanted)) {
                continue;
            }
            if (!ZeddMetadata.sameMotor(run, m.group(2))) {
                throw new BadInputException(p + ": motor " + m.group(2) + " does not match " + metadata.source()
                        + ", which gives run_" + run.index() + " motor " + run.motorHex() + " (expected "
                        + imageName(run, fNumber) + "; the motor position ties an image to its focus distance)");
            }
            found = found == null ? p : found;
        }
        if (found == null) {
            throw new BadInputException(focusStackDir() + ": no image for focus index " + k + " at " + wanted
                    + " (expected " + imageName(run, fNumber) + ")");
        }
        return found;
    }

    private List<Path> images() {
        if (images == null) {
            Path d = focusStackDir();
            if (!Files.isDirectory(d)) {
                throw new BadInputException(d + ": no such folder (expected a ZEDD scene with focus_stack/ and gt/)");
            }
            List<Path> list = new ArrayList<>();
            try (Stream<Path> s = Files.list(d)) {
                s.filter(Files::isRegularFile).sorted().forEach(list::add);
            } catch (IOException e) {
                throw new BadInputException(d + ": cannot list folder (" + e.getMessage() + ")", e);
            }
            images = list;
        }
        return images;
    }

    /** Checks that a file of this scene exists, naming it and its role otherwise. */
    static Path require(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file (expected " + what + ")");
        }
        return file;
    }
}
