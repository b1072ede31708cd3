package org.defocusj.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class FocusDistancesTest {

    @Test
    void acceptsIncreasingAndDecreasingDistances() {
        assertEquals(3, new FocusDistances(new double[] {0.5, 0.8, 1.2}, DistanceUnit.M, "t").size());
        assertEquals(3, new FocusDistances(new double[] {1.2, 0.8, 0.5}, DistanceUnit.M, "t").size());
    }

    @Test
    void stagePositionsMayBeNegativeOrZero() {
        assertEquals(3, new FocusDistances(new double[] {-2, 0, 2}, DistanceUnit.UM, "t").size());
    }

    @Test
    void cameraDistancesMustBePositive() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> FocusDistances.ofParameter(new double[] {0, 1, 2}, DistanceUnit.M, "focus"));
        assertTrue(e.getMessage().startsWith("--focus: focus distance 1 is 0.0 m"), e.getMessage());
        assertThrows(BadInputException.class,
                () -> FocusDistances.ofParameter(new double[] {-1, 1, 2}, DistanceUnit.MM, "focus"));
    }

    @Test
    void errorsAreAboutTheParameterOrTheFileTheValuesCameFrom() {
        BadInputException typed = assertThrows(BadInputException.class,
                () -> FocusDistances.ofParameter(new double[] {1, 1}, DistanceUnit.M, "focus"));
        assertEquals("focus", typed.parameter());
        BadInputException sidecar = assertThrows(BadInputException.class,
                () -> new FocusDistances(new double[] {1, 1}, DistanceUnit.M, "stack.focus.txt"));
        assertNull(sidecar.parameter());
        assertTrue(sidecar.getMessage().startsWith("stack.focus.txt: focus distances 1 and 2"), sidecar.getMessage());
    }

    @Test
    void rejectsNaNDuplicatesNonMonotonicAndSingleValues() {
        assertThrows(BadInputException.class, () -> new FocusDistances(new double[] {1, Double.NaN}, DistanceUnit.UM, "t"));
        BadInputException dup = assertThrows(BadInputException.class,
                () -> new FocusDistances(new double[] {1, 2, 2}, DistanceUnit.UM, "t"));
        assertTrue(dup.getMessage().contains("no duplicates"), dup.getMessage());
        BadInputException mono = assertThrows(BadInputException.class,
                () -> new FocusDistances(new double[] {1, 3, 2}, DistanceUnit.UM, "t"));
        assertTrue(mono.getMessage().contains("not monotonic at slice 3"), mono.getMessage());
        assertThrows(BadInputException.class, () -> new FocusDistances(new double[] {1}, DistanceUnit.UM, "t"));
    }

    @Test
    void sliceIndicesAreRelative() {
        FocusDistances f = FocusDistances.sliceIndices(4, "t");
        assertEquals(DistanceUnit.SLICE, f.unit());
        assertTrue(f.unit().isRelative());
        assertEquals(3.0, f.get(3));
    }

    @Test
    void unitsParseAndConvert() {
        assertEquals(DistanceUnit.UM, DistanceUnit.parse("micron", "unit"));
        assertEquals(DistanceUnit.UM, DistanceUnit.parse("µm", "unit"));
        assertEquals(1500.0, DistanceUnit.MM.convert(1.5, DistanceUnit.UM), 1e-9);
        BadInputException e = assertThrows(BadInputException.class, () -> DistanceUnit.parse("furlong", "unit"));
        assertTrue(e.getMessage().startsWith("--unit: unknown unit 'furlong'"));
    }
}
