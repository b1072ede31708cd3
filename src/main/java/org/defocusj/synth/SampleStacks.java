package org.defocusj.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import net.imglib2.img.array.ArrayImgs;

import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusFile;
import org.defocusj.stack.SpatialCalibration;
import org.defocusj.stack.TiffWriter;

/**
 * Generates the bundled sample stacks (sample-stacks/ in the repository) reproducibly:
 * {@code java -cp ... org.defocusj.synth.SampleStacks sample-stacks}.
 */
public final class SampleStacks {

    /** Camera of the plane-step sample: 50 mm lens at f/1.4, 36 mm sensor across 400 pixels. */
    static final double FOCAL_MM = 50;
    static final double F_NUMBER = 1.4;
    static final double SENSOR_MM = 36;
    /** Eight distances evenly spaced in inverse distance (as blur is) from 0.5 m to 1.2 m. */
    static final double[] FOCUS_M = {0.5, 0.5455, 0.6, 0.6667, 0.75, 0.8571, 1.0, 1.2};

    private SampleStacks() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Paths.get(args.length > 0 ? args[0] : "sample-stacks");
        writePlaneStep(root.resolve("plane-step"));
    }

    static void writePlaneStep(Path dir) throws IOException {
        int w = 400;
        int h = 300;
        SyntheticScene scene = SyntheticScene.planeAndStep(w, h, 0.55, 1.15, 20261121L);
        ThinLensCamera camera = ThinLensCamera.ofSensor(FOCAL_MM, F_NUMBER, SENSOR_MM, w, h);
        GatherRenderer renderer = new GatherRenderer(Psf.gaussian(), 15, Runtime.getRuntime().availableProcessors());
        ImagePlus stack = FocusStackRenderer.render(scene, camera, renderer, FOCUS_M, "plane-step");
        Files.createDirectories(dir);
        TiffWriter.write(stack, dir.resolve("stack.tif"));
        Files.write(dir.resolve("stack.focus.txt"),
                FocusFile.format(new FocusDistances(FOCUS_M, DistanceUnit.M, "sample")).getBytes(StandardCharsets.UTF_8));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("software", "DefocusJ SampleStacks");
        info.put("content", "ground-truth depth of stack.tif");
        ImagePlus gt = TiffWriter.floatMap("depth-gt", ArrayImgs.floats(scene.depth(), w, h),
                SpatialCalibration.UNCALIBRATED, "m", info);
        TiffWriter.write(gt, dir.resolve("depth-gt.tif"));
    }
}
