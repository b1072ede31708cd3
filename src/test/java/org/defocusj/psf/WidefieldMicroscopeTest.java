package org.defocusj.psf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class WidefieldMicroscopeTest {

    @Test
    void radiusGrowsWithDefocusAboveTheAiryFloor() {
        // NA 0.5 in air: tan(asin 0.5) = 0.57735; Airy radius 0.61 * 0.5 um / 0.5 = 0.61 um.
        WidefieldMicroscope m = new WidefieldMicroscope(0.5, 1.0, 500, 20, 6.5);
        assertEquals(0.325, m.pixelSizeUm(), 1e-12);
        assertEquals(0.61, m.radiusUm(0), 1e-12);
        double geometric = 10 * Math.tan(Math.asin(0.5));
        assertEquals(Math.hypot(geometric, 0.61), m.radiusUm(10), 1e-12);
        assertEquals(m.radiusUm(10) / 0.325, m.radiusPx(15, 5), 1e-9);
        assertEquals(m.radiusPx(15, 5), m.radiusPx(-5, 5), 1e-12, "symmetric in z");
    }

    @Test
    void rejectsImpossibleApertures() {
        assertThrows(BadInputException.class, () -> new WidefieldMicroscope(1.2, 1.0, 500, 20, 6.5));
        assertThrows(BadInputException.class, () -> new WidefieldMicroscope(0.5, 1.0, -1, 20, 6.5));
    }
}
