package org.defocusj.synth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import net.imglib2.img.array.ArrayImgs;

import org.defocusj.io.TiffWriter;
import org.defocusj.psf.GatherRenderer;
import org.defocusj.psf.Psf;
import org.defocusj.psf.ThinLensCamera;
import org.defocusj.psf.WidefieldMicroscope;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.stack.FocusFile;
import org.defocusj.stack.SliceLabels;
import org.defocusj.stack.SpatialCalibration;

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
        writeMicroscopeSurface(root.resolve("surface-um"));
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

    /** Widefield microscope of the surface-um sample: 10x, NA 0.3 in air, 550 nm, 6.5 um camera pixels. */
    static final double[] Z_UM = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20};

    /**
     * A textured surface in micrometres (a tilted plane from 3 to 15 um with two 4 um bumps), imaged as a
     * 16-bit z-sweep holding 12-bit values; the z-calibration (2 um steps) carries the focus positions.
     */
    static void writeMicroscopeSurface(Path dir) throws IOException {
        int w = 256;
        int h = 256;
        float[] height = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double z = 3 + 12.0 * x / (w - 1);
                z += 4 * Math.exp(-(sq(x - 70) + sq(y - 80)) / (2 * sq(22)));
                z += 4 * Math.exp(-(sq(x - 180) + sq(y - 170)) / (2 * sq(30)));
                height[y * w + x] = (float) z;
            }
        }
        float[] texture = ProceduralTexture.fractalNoise(w, h, 20261122L, 32, 6);
        float[] intensity = new float[w * h];
        for (int i = 0; i < intensity.length; i++) {
            intensity[i] = 300 + 3500 * texture[i];
        }
        WidefieldMicroscope scope = new WidefieldMicroscope(0.3, 1.0, 550, 10, 6.5);
        GatherRenderer renderer = new GatherRenderer(Psf.gaussian(), 15, Runtime.getRuntime().availableProcessors());
        ImageStack stack = new ImageStack(w, h);
        for (double z : Z_UM) {
            float[][] blurred = renderer.render(new float[][] {intensity}, w, h, height, scope, z);
            stack.addSlice(SliceLabels.format(z, DistanceUnit.UM), FocusStackRenderer.slice(blurred, w, h, 16));
        }
        ImagePlus imp = new ImagePlus("surface-um", stack);
        Calibration cal = imp.getCalibration();
        cal.pixelWidth = scope.pixelSizeUm();
        cal.pixelHeight = scope.pixelSizeUm();
        cal.pixelDepth = Z_UM[1] - Z_UM[0];
        cal.setUnit("micron");
        Files.createDirectories(dir);
        TiffWriter.write(imp, dir.resolve("stack.tif"));
        Map<String, String> info = new LinkedHashMap<>();
        info.put("software", "DefocusJ SampleStacks");
        info.put("content", "ground-truth surface height of stack.tif, micrometres");
        ImagePlus gt = TiffWriter.floatMap("height-gt", ArrayImgs.floats(height, w, h),
                new SpatialCalibration(scope.pixelSizeUm(), scope.pixelSizeUm(), "micron"), "um", info);
        TiffWriter.write(gt, dir.resolve("depth-gt.tif"));
    }

    private static double sq(double v) {
        return v * v;
    }
}
