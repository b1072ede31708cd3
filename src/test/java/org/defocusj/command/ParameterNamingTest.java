package org.defocusj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;
import org.defocusj.ParameterNaming;

class ParameterNamingTest {

    @Test
    void idsAreNamedByTheLabelOfTheirField() {
        ParameterNaming naming = new DepthFromFocusCommand().naming();
        assertEquals("Window", naming.name("window"));
        assertEquals("Min confidence", naming.name("min-confidence"));
        // A field may stand for several options.
        assertEquals("All-in-focus", naming.name("aif-mode"));
        assertEquals("All-in-focus", naming.name("all-in-focus"));
    }

    @Test
    void unknownIdsAndLabelsPassedAsIdsStayAsTheyAre() {
        ParameterNaming naming = new DepthFromFocusCommand().naming();
        assertEquals("no-such-id", naming.name("no-such-id"));
        // A declared parameter the dialog does not show is still named by its label.
        assertEquals("Focus file", naming.name("focus-file"));
        assertEquals("Unit", naming.name("Unit"));
        assertEquals("Focus distances", naming.name("Focus distances"));
    }

    @Test
    void messagesReadAsFijiUsersKnowTheParameters() {
        BadInputException e = BadInputException.forParameter("focus", "3 focus distances given but "
                + "stack.tif has 8 slices (see " + BadInputException.ref("unit") + ")");
        assertEquals("Focus distances: 3 focus distances given but stack.tif has 8 slices (see Unit)",
                e.message(new DepthFromFocusCommand().naming()));
        // A field of the command's own, named by its id attribute.
        assertEquals("Kernel size: expected an odd number",
                BadInputException.forParameter("kernel-size", "expected an odd number")
                        .message(new SimulateFocusStackCommand().naming()));
    }
}
