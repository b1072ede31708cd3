package org.defocusj.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SceneGeneratorTest {

    @Test
    void everyKindIsReproducibleTexturedAndPositive() {
        SceneGenerator g = new SceneGenerator(64, 48);
        for (SceneKind kind : SceneKind.values()) {
            SceneGenerator.GeneratedScene a = g.generate(kind, 5, 3);
            SceneGenerator.GeneratedScene b = g.generate(kind, 5, 3);
            assertArrayEquals(a.scene.depth(), b.scene.depth(), kind.key());
            assertArrayEquals(a.scene.rgb()[1], b.scene.rgb()[1], kind.key());
            float min = Float.MAX_VALUE;
            float max = 0;
            for (float d : a.scene.depth()) {
                min = Math.min(min, d);
                max = Math.max(max, d);
            }
            assertTrue(min >= 0.5 && max <= 18.5, kind + " depth range " + min + ".." + max);
            double var = 0;
            float[] g1 = a.scene.rgb()[1];
            double mean = 0;
            for (float v : g1) {
                mean += v / g1.length;
            }
            for (float v : g1) {
                var += (v - mean) * (v - mean) / g1.length;
            }
            assertTrue(var > 50, kind + " is textured: variance " + var);
        }
    }

    @Test
    void stepsHaveDiscontinuities() {
        SceneGenerator.GeneratedScene s = new SceneGenerator(64, 64).generate(SceneKind.STEPS, 1, 0);
        long distinct = java.util.stream.IntStream.range(0, s.scene.depth().length)
                .mapToObj(i -> s.scene.depth()[i]).distinct().count();
        assertTrue(distinct >= 2 && distinct <= 5, "levels " + distinct);
        assertEquals(SceneKind.STEPS, s.kind);
    }
}
