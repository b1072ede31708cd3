package org.defocusj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class BadInputExceptionTest {

    /** A front end that names parameters its own way, e.g. dialog labels. */
    private static final ParameterNaming UPPER = id -> "[" + id.toUpperCase(Locale.ROOT) + "]";

    @Test
    void aboutAParameter() {
        BadInputException e = BadInputException.forParameter("window", "expected an odd number, got 4");
        assertEquals("window", e.parameter());
        assertEquals("--window: expected an odd number, got 4", e.getMessage());
        assertEquals(e.getMessage(), e.message(ParameterNaming.OPTIONS));
        assertEquals("[WINDOW]: expected an odd number, got 4", e.message(UPPER));
    }

    @Test
    void aboutAFileOrValue() {
        BadInputException e = new BadInputException("stack.tif: has 1 focus slice");
        assertNull(e.parameter());
        assertEquals("stack.tif: has 1 focus slice", e.getMessage());
        assertEquals("stack.tif: has 1 focus slice", e.message(UPPER));
    }

    @Test
    void referencesInsideTheTextAreNamedToo() {
        BadInputException e = BadInputException.forParameter("max-depth",
                "NaN (expected a depth greater than " + BadInputException.ref("min-depth") + ")");
        assertEquals("--max-depth: NaN (expected a depth greater than --min-depth)", e.getMessage());
        assertEquals("[MAX-DEPTH]: NaN (expected a depth greater than [MIN-DEPTH])", e.message(UPPER));
        BadInputException noParameter = new BadInputException(BadInputException.ref("min-depth") + " 5 is not below "
                + BadInputException.ref("max-depth") + " 1");
        assertNull(noParameter.parameter());
        assertEquals("--min-depth 5 is not below --max-depth 1", noParameter.getMessage());
        assertEquals("[MIN-DEPTH] 5 is not below [MAX-DEPTH] 1", noParameter.message(UPPER));
    }

    @Test
    void userTextThatLooksLikeAParameterIsNeverRewritten() {
        String file = "/data/{focus}--window $1 \\ {0}.tif";
        BadInputException e = BadInputException.forParameter("gt", file + ": no such file (expected --gt {x})");
        assertEquals("--gt: " + file + ": no such file (expected --gt {x})", e.getMessage());
        assertEquals("[GT]: " + file + ": no such file (expected --gt {x})", e.message(UPPER));
        BadInputException plain = new BadInputException(file + ": cannot read");
        assertEquals(file + ": cannot read", plain.message(UPPER));
    }

    @Test
    void wrappingSaysWhichParameterTheCauseIsAbout() {
        BadInputException cause = new BadInputException("depth.tif: is an RGB image (see "
                + BadInputException.ref("unit") + ")");
        BadInputException e = BadInputException.forParameter("gt", cause);
        assertEquals("gt", e.parameter());
        assertSame(cause, e.getCause());
        assertEquals("--gt: " + cause.getMessage(), e.getMessage());
        assertEquals("--gt: depth.tif: is an RGB image (see --unit)", e.getMessage());
        assertEquals("[GT]: depth.tif: is an RGB image (see [UNIT])", e.message(UPPER));
        BadInputException twice = BadInputException.forParameter("out", e);
        assertEquals("out", twice.parameter());
        assertEquals("[OUT]: [GT]: depth.tif: is an RGB image (see [UNIT])", twice.message(UPPER));
    }
}
