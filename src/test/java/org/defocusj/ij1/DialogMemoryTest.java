package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ij.Prefs;

import org.junit.jupiter.api.Test;

import org.defocusj.command.DepthFromFocusCommand;

/** Dialog values are remembered in ImageJ's preferences, so they survive a restart as ImageJ's own do. */
class DialogMemoryTest {

    private static final String PREFIX = "defocusj." + DepthFromFocusCommand.class.getSimpleName() + ".";

    @Test
    void confirmedValuesComeBackFromThePreferences() {
        List<CommandInput> inputs = CommandInput.of(DepthFromFocusCommand.class);
        Map<String, Object> used = new HashMap<>();
        used.put("window", 7.0);
        used.put("focus_measure", "tenengrad");
        used.put("fill_low_confidence", true);
        used.put("focus_distances", "0.5,0.8,1.2");
        CommandBridge.remember(DepthFromFocusCommand.class, inputs, used);
        assertEquals("7.0", Prefs.get(PREFIX + "window", null), "stored in IJ_Prefs.txt's table");
        assertEquals(used, CommandBridge.recall(DepthFromFocusCommand.class, inputs));
    }

    @Test
    void storedValuesThatNoLongerFitAreIgnored() {
        List<CommandInput> inputs = CommandInput.of(DepthFromFocusCommand.class);
        Prefs.set(PREFIX + "focus_measure", "laplace");  // not a choice (any more)
        Prefs.set(PREFIX + "window", "wide");             // not a number
        Prefs.set(PREFIX + "min_confidence", "0.25");
        Map<String, Object> back = CommandBridge.recall(DepthFromFocusCommand.class, inputs);
        assertFalse(back.containsKey("focus_measure"), back::toString);
        assertFalse(back.containsKey("window"), back::toString);
        assertEquals(0.25, back.get("min_confidence"));
        assertFalse(back.containsKey("stack"), "images are never remembered");
    }
}
