package org.defocusj.zedd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class ZeddMetadataTest {

    @Test
    void parsesRunsSkippingCommentsAndBlankLines() {
        ZeddMetadata m = ZeddMetadata.parse(Arrays.asList("# run_id\tmotor_hex\tfocus_distance_m", "",
                "run_1\t0a10\t0.85", "  run_2\t2371\t1.25  ", "run_10\tFFF\t12.5"), "metadata.txt");
        assertEquals(3, m.runs().size());
        assertEquals("0a10", m.forFocusIndex(0).motorHex());
        assertEquals(0.85, m.forFocusIndex(0).focusM(), 0);
        assertEquals(2, m.forFocusIndex(1).index());
        assertEquals(12.5, m.forFocusIndex(9).focusM(), 0);
        assertTrue(ZeddMetadata.sameMotor(m.forFocusIndex(0), "A10"));
        assertTrue(ZeddMetadata.sameMotor(m.forFocusIndex(9), "0fff"));
    }

    @Test
    void fixtureMetadataMapsFocusIndexToRun() {
        ZeddMetadata m = ZeddMetadata.parse(Arrays.asList(ZeddFixture.metadata().split("\n")), "fixture");
        assertEquals(10, m.runs().size());
        assertEquals("2371", m.forFocusIndex(4).motorHex());
        assertEquals(ZeddFixture.focusM(5), m.forFocusIndex(4).focusM(), 1e-6);
    }

    private static String error(String... lines) {
        return assertThrows(BadInputException.class, () -> ZeddMetadata.parse(List.of(lines), "ZEDD/metadata.txt"))
                .getMessage();
    }

    @Test
    void badLinesAreNamedByFileAndLineNumber() {
        String m = error("# header", "run_1\t0a10\t0.85", "run_2 2371 1.25");
        assertTrue(m.startsWith("ZEDD/metadata.txt line 3: "), m);
        assertTrue(m.contains("run_id<TAB>motor_hex<TAB>focus_distance_m"), m);
        assertTrue(error("first\t0a10\t0.85").contains("run id 'first' is not run_<number>"));
        assertTrue(error("run_1\t0x1g\t0.85").contains("motor '0x1g' is not hexadecimal"));
        assertTrue(error("run_1\t0a10\tnear").contains("focus distance 'near' is not a number"));
        assertTrue(error("run_1\t0a10\t-1").contains("expected a positive finite distance"));
        assertTrue(error("run_1\t0a10\t1", "run_1\t0a11\t2").contains("line 2: run_1 is listed twice"));
        assertTrue(error("# only a comment").contains("no focus runs"));
    }

    @Test
    void aMissingRunNamesTheIndexAndWhatIsListed() {
        ZeddMetadata m = ZeddMetadata.parse(List.of("run_1\t0a10\t0.85", "run_2\t0a20\t1.0"), "metadata.txt");
        String e = assertThrows(BadInputException.class, () -> m.forFocusIndex(4)).getMessage();
        assertTrue(e.contains("no run_5 for focus index 4"), e);
        assertTrue(e.contains("run_1, run_2"), e);
    }
}
