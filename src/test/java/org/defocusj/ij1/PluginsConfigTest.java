package org.defocusj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ij.plugin.PlugIn;

import org.junit.jupiter.api.Test;
import org.scijava.plugin.Plugin;

import org.defocusj.command.BatchProcessFolderCommand;
import org.defocusj.command.DefocusCommand;
import org.defocusj.command.DepthFromFocusCommand;
import org.defocusj.command.EvaluateDepthCommand;
import org.defocusj.command.ExportSurfaceMeshCommand;
import org.defocusj.command.HeightProfileCommand;
import org.defocusj.command.LevelSurfaceCommand;
import org.defocusj.command.StepHeightCommand;
import org.defocusj.command.SurfaceParametersCommand;
import org.defocusj.command.FossaDepthCommand;
import org.defocusj.command.SimulateFocusStackCommand;
import org.defocusj.command.SurfaceViewCommand;

/** plugins.config is the only source of DefocusJ's menu entries: every entry must run. */
class PluginsConfigTest {

    @Test
    void everyEntryIsAPlugInUnderPluginsDefocusJ() throws Exception {
        List<String[]> entries = MacroHarness.pluginsConfig();
        Set<String> labels = new HashSet<>();
        int commands = 0;
        for (String[] e : entries) {
            assertEquals("Plugins>DefocusJ", e[0], String.join(", ", e));
            if (e[1].equals("-")) {
                continue;
            }
            assertTrue(labels.add(e[1]), "menu label used twice: " + e[1]);
            assertNotNull(e[2], e[1] + " names a class");
            Class<?> c = Class.forName(e[2]);
            assertTrue(PlugIn.class.isAssignableFrom(c), c + " is an ij.plugin.PlugIn");
            assertTrue(Modifier.isPublic(c.getModifiers()) && !Modifier.isAbstract(c.getModifiers()), c + " public");
            Method run = c.getMethod("run", String.class);
            assertTrue(Modifier.isPublic(run.getModifiers()));
            Object plugin = c.getDeclaredConstructor().newInstance();
            if (plugin instanceof CommandBridge) {
                commands++;
                Class<? extends DefocusCommand> type = ((CommandBridge) plugin).commandType();
                Plugin annotation = type.getAnnotation(Plugin.class);
                assertEquals(e[1], annotation.label(), "menu label = the command's @Plugin label");
                assertTrue(annotation.menuPath().isEmpty(), type + " has no SciJava menu path");
                List<CommandInput> inputs = CommandInput.of(type);
                assertFalse(inputs.isEmpty());
                Set<String> keys = new HashSet<>();
                for (CommandInput in : inputs) {
                    assertTrue(keys.add(in.key()), type.getSimpleName() + ": macro key used twice: " + in.key());
                    assertTrue(in.key().matches("[a-z][a-z0-9_-]*"), in.key());
                }
            }
        }
        assertEquals(11, commands);
        assertTrue(labels.contains("DefocusJ Macro Extensions"));
    }

    @Test
    void everyCommandHasAMenuEntry() throws Exception {
        Set<Class<?>> bridged = new HashSet<>();
        for (String[] e : MacroHarness.pluginsConfig()) {
            if (e[2] != null) {
                Object plugin = Class.forName(e[2]).getDeclaredConstructor().newInstance();
                if (plugin instanceof CommandBridge) {
                    bridged.add(((CommandBridge) plugin).commandType());
                }
            }
        }
        assertEquals(Set.of(DepthFromFocusCommand.class, FossaDepthCommand.class, SimulateFocusStackCommand.class,
                EvaluateDepthCommand.class, BatchProcessFolderCommand.class, LevelSurfaceCommand.class,
                SurfaceParametersCommand.class, HeightProfileCommand.class, StepHeightCommand.class,
                SurfaceViewCommand.class, ExportSurfaceMeshCommand.class), bridged);
    }

    @Test
    void macroKeysFollowTheLabels() {
        List<CommandInput> inputs = CommandInput.of(DepthFromFocusCommand.class);
        assertEquals("stack", inputs.get(0).key());
        assertEquals("focus_distances", inputs.get(1).key());
        assertEquals("Focus_distances", inputs.get(1).dialogLabel());
        assertEquals(CommandInput.Kind.IMAGE, inputs.get(0).kind);
        assertEquals(CommandInput.Kind.CHOICE, inputs.stream().filter(i -> i.key().equals("focus_measure"))
                .findFirst().get().kind);
        assertEquals(CommandInput.Kind.INTEGER, inputs.stream().filter(i -> i.key().equals("window"))
                .findFirst().get().kind);
    }

    @Test
    void checkboxesFollowGenericDialogsRule() {
        assertTrue(CommandBridge.isMatch("stack=a fill confidence_map", "fill "));
        assertTrue(CommandBridge.isMatch("fill stack=a", "fill "));
        assertTrue(CommandBridge.isMatch("stack=a confidence_map", "confidence_map "));
        assertFalse(CommandBridge.isMatch("stack=[my fill image]", "fill "));
        assertFalse(CommandBridge.isMatch("stack=fill", "fill "));
        assertFalse(CommandBridge.isMatch("fill_low_confidence", "fill "));
    }
}
