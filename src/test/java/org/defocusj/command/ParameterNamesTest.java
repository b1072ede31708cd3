package org.defocusj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;
import org.defocusj.ParameterNaming;

class ParameterNamesTest {

    @Test
    void idsAreNamedByTheLabelOfTheirField() {
        ParameterNaming naming = ParameterNames.naming(DepthFromFocusCommand.class);
        assertEquals("Window", naming.name("window"));
        assertEquals("Min confidence", naming.name("min-confidence"));
        // A field may stand for several options.
        assertEquals("All-in-focus", naming.name("aif-mode"));
        assertEquals("All-in-focus", naming.name("all-in-focus"));
    }

    @Test
    void unknownIdsAndLabelsPassedAsIdsStayAsTheyAre() {
        ParameterNaming naming = ParameterNames.naming(DepthFromFocusCommand.class);
        assertEquals("focus-file", naming.name("focus-file"));
        assertEquals("Unit", naming.name("Unit"));
        assertEquals("Focus distances", naming.name("Focus distances"));
    }

    @Test
    void messagesReadAsFijiUsersKnowTheParameters() {
        BadInputException e = BadInputException.forParameter("focus", "3 focus distances given but "
                + "stack.tif has 8 slices (see " + BadInputException.ref("unit") + ")");
        assertEquals("Focus distances: 3 focus distances given but stack.tif has 8 slices (see Unit)",
                ParameterNames.message(e, DepthFromFocusCommand.class));
        // Text that still spells an option is translated as before.
        assertEquals("Kernel size: expected an odd number",
                ParameterNames.message(new BadInputException("--kernel-size: expected an odd number"),
                        SimulateFocusStackCommand.class));
    }
}
