package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import org.defocusj.depth.DepthResult;
import org.defocusj.dff.DepthFromFocus;
import org.defocusj.dff.DffParameters;
import org.defocusj.io.HeightMaps;
import org.defocusj.io.StackReader;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FloatMaps;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/**
 * The microscope sample (sample-stacks/surface-um: a plane tilted from 3 to 15 um with two 4 um Gaussian bumps,
 * 11 slices 2 um apart): depth from focus with default settings, then plane levelling (weighted by the
 * confidence) removes the tilt, and the bumps' step heights over their surroundings come out at the rendered
 * 4 um within the depth-from-focus error. The same measurement on the levelled ground truth says what levelling
 * itself does to the bumps (the least-squares plane leans towards them a little).
 */
class MicroscopeSampleTest {

    static final Path SAMPLE = Paths.get("sample-stacks", "surface-um");
    /** Far from both bumps, lower left and upper right: 10 um apart in height before levelling. */
    static final PixelRegion LOWER_LEFT = new PixelRegion(5, 220, 30, 30);
    static final PixelRegion UPPER_RIGHT = new PixelRegion(220, 5, 30, 30);
    /** Each bump's top (5 x 5 at its centre) and a flat patch at the same x, 135 pixels away. */
    static final PixelRegion[][] BUMPS = {
        {new PixelRegion(55, 200, 30, 30), new PixelRegion(68, 78, 5, 5)},
        {new PixelRegion(165, 20, 30, 30), new PixelRegion(178, 168, 5, 5)}};

    @Test
    void levellingRemovesTheTiltAndBumpsKeepTheirHeights() {
        FocusStack stack = StackReader.read(SAMPLE.resolve("stack.tif"), FocusSource.auto(DistanceUnit.M));
        DepthResult r = new DepthFromFocus(DffParameters.defaults()).estimate(stack, null);
        HeightField dff = HeightField.calibrated(stack.width(), stack.height(), FloatMaps.data(r.depth()),
                stack.calibration().pixelWidth(), stack.calibration().pixelHeight(), "µm", "µm");
        HeightField gt = HeightMaps.read(SAMPLE.resolve("depth-gt.tif"), null);
        assertEquals("µm", gt.xyUnit());
        assertEquals(0.65, gt.pixelWidth(), 1e-6);

        SurfaceSettings plane = SurfaceSettings.defaults();
        SurfaceSettings.Prepared levelled = plane.prepare(dff, FloatMaps.data(r.confidence()));
        SurfaceSettings.Prepared levelledGt = plane.prepare(gt, null);

        double tiltBefore = step(dff, LOWER_LEFT, UPPER_RIGHT);
        double tiltAfter = step(levelled.surface(), LOWER_LEFT, UPPER_RIGHT);
        double slope = levelled.form().coefficients().get(1).value();
        double slopeGt = levelledGt.form().coefficients().get(1).value();
        System.out.printf(Locale.ROOT, "surface-um: corners %.3f um apart before levelling, %.3f after; x slope "
                + "%.5f (ground truth levelled the same way %.5f, rendered %.5f) um/um%n", tiltBefore, tiltAfter,
                slope, slopeGt, 12.0 / (255 * 0.65));
        assertEquals(10.0, tiltBefore, 0.5, "the rendered tilt between the corners");
        assertTrue(Math.abs(tiltAfter) < 0.2, "tilt left after levelling: " + tiltAfter + " um");
        assertEquals(slopeGt, slope, 0.002, "fitted tilt vs the ground truth's");

        for (int b = 0; b < BUMPS.length; b++) {
            double h = step(levelled.surface(), BUMPS[b][0], BUMPS[b][1]);
            double hGt = step(levelledGt.surface(), BUMPS[b][0], BUMPS[b][1]);
            double raw = step(gt, BUMPS[b][0], BUMPS[b][1]);
            System.out.printf(Locale.ROOT, "surface-um: bump %d: %.3f um from depth from focus + levelling, %.3f um "
                    + "on the levelled ground truth, %.3f um on the ground truth (rendered 4 um)%n", b + 1, h, hGt, raw);
            assertEquals(hGt, h, 0.15, "bump " + (b + 1) + ": depth from focus vs ground truth, levelled alike");
            assertEquals(4.0, h, 0.35, "bump " + (b + 1) + " vs its rendered height");
        }
    }

    private static double step(HeightField f, PixelRegion a, PixelRegion b) {
        return StepHeight.measure(f, a, b, 1, "steps", "step-core").step();
    }
}
