package org.defocusj.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.defocusj.BadInputException;
import org.defocusj.dff.FocusMeasure;
import org.defocusj.fossa.FossaRuntime;
import org.defocusj.synth.SceneKind;
import org.junit.jupiter.api.Test;

class KeysTest {

    @Test
    void keysAreLowerCaseNamesWithDashes() {
        assertEquals(List.of("auto", "torch", "onnx", "onnx-int8"), Keys.of(FossaRuntime.class));
        assertEquals("dead-leaves", SceneKind.DEAD_LEAVES.key());
    }

    @Test
    void findTakesKeyOrNameInAnyCase() {
        assertSame(FossaRuntime.ONNX_INT8, Keys.find(FossaRuntime.class, " ONNX-int8 "));
        assertSame(SceneKind.DEAD_LEAVES, Keys.find(SceneKind.class, "dead_leaves"));
        assertNull(Keys.find(FossaRuntime.class, "tensorrt"));
        assertNull(Keys.find(FossaRuntime.class, null));
    }

    @Test
    void parseNamesTheParameterAndEveryChoice() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> Keys.parse(FocusMeasure.class, "laplace", "measure", "Focus measure"));
        assertEquals("--measure: unknown focus measure 'laplace' (expected sml, ssml, tenengrad, variance)",
                e.getMessage());
    }

    @Test
    void anEnumChoiceOffersItsKeysAndRejectsOthersWithTheSameWords() {
        ParameterSpec<String> runtime = ParameterSpec.choice("runtime", "Runtime", FossaRuntime.AUTO);
        assertEquals(Keys.of(FossaRuntime.class), runtime.choices());
        assertEquals("auto", runtime.defaultValue());
        assertEquals("onnx-int8", runtime.convert("Onnx-Int8"));
        BadInputException e = assertThrows(BadInputException.class, () -> runtime.convert("tensorrt"));
        assertEquals(Keys.unknown("runtime", "Runtime", "tensorrt", runtime.choices()).getMessage(), e.getMessage());
    }
}
