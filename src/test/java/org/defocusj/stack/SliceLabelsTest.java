package org.defocusj.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SliceLabelsTest {

    @Test
    void parsesWhatItWrites() {
        String[] labels = {SliceLabels.format(0.8, DistanceUnit.M), SliceLabels.format(1.7, DistanceUnit.M)};
        FocusDistances f = SliceLabels.parse(labels, "t");
        assertArrayEquals(new double[] {0.8, 1.7}, f.toArray());
        assertEquals(DistanceUnit.M, f.unit());
    }

    @Test
    void parsesBareNumbersWithUnits() {
        assertArrayEquals(new double[] {-1.5, 0, 2.25},
                SliceLabels.parse(new String[] {"-1.5 um", "0um", "z=2.25 µm"}, "t").toArray());
    }

    @Test
    void ignoresFileNamesMixedUnitsAndMissingLabels() {
        assertNull(SliceLabels.parse(new String[] {"step0.jpg", "step1.jpg"}, "t"));
        assertNull(SliceLabels.parse(new String[] {"1 mm", "2 um"}, "t"));
        assertNull(SliceLabels.parse(new String[] {"1 mm", null}, "t"));
    }
}
