package org.defocusj.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class ThinLensCameraTest {

    @Test
    void circleOfConfusionMatchesTheReferenceFormula() {
        // f = 50 mm, N = 2 -> D = 25 mm; s = 1 m, d = 2 m:
        // CoC = |2 - 1| * 0.05 * 0.025 / ((2 + 1e-8) * (1 - 0.05)) = 0.00125 / 1.9 = 6.578947e-4 m
        ThinLensCamera cam = new ThinLensCamera(0.05, 2, 1e-5);
        assertEquals(0.00125 / ((2 + 1e-8) * 0.95), cam.circleOfConfusion(2, 1), 1e-15);
        assertEquals(0.00125 / ((2 + 1e-8) * 0.95) / 2 / 1e-5, cam.radiusPx(2, 1), 1e-9);
        assertEquals(0, cam.circleOfConfusion(1, 1), 0);
    }

    @Test
    void sensorMapsToTheLongerEdge() {
        ThinLensCamera cam = ThinLensCamera.ofSensor(50, 2.8, 36, 640, 480);
        assertEquals(0.036 / 640, cam.pixelSizeM(), 1e-15);
        ThinLensCamera portrait = ThinLensCamera.ofSensor(50, 2.8, 36, 480, 640);
        assertEquals(0.036 / 640, portrait.pixelSizeM(), 1e-15);
    }

    @Test
    void rejectsImpossibleOptics() {
        assertThrows(BadInputException.class, () -> new ThinLensCamera(0.05, 0, 1e-5));
        assertThrows(BadInputException.class, () -> new ThinLensCamera(-0.05, 2, 1e-5));
        ThinLensCamera cam = new ThinLensCamera(0.05, 2, 1e-5);
        assertThrows(BadInputException.class, () -> cam.circleOfConfusion(1, 0.04));
    }
}
