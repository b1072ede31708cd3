package org.defocusj.psf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class RendererSettingsTest {

    private static final int W = 48;
    private static final int H = 8;

    /** A texture over a depth ramp, rendered with radius |depth - focus| pixels. */
    private static float[] render(DefocusRenderer r) {
        float[] img = new float[W * H];
        float[] depth = new float[W * H];
        for (int i = 0; i < img.length; i++) {
            img[i] = (i * 37 % 11) * 20;
            depth[i] = 1 + 6f * (i % W) / W;
        }
        return r.render(new float[][] {img}, W, H, depth, (d, f) -> Math.abs(d - f), 1.0)[0];
    }

    @Test
    void kindsParseAsTyped() {
        assertEquals(RendererKind.GATHER, RendererKind.parse("gather"));
        assertEquals(RendererKind.LAYERED, RendererKind.parse(" Layered "));
        BadInputException e = assertThrows(BadInputException.class, () -> RendererKind.parse("raytrace"));
        assertEquals("renderer", e.parameter());
        assertEquals("--renderer: unknown renderer 'raytrace' (expected gather, layered)", e.getMessage());
    }

    @Test
    void badValuesNameTheirParameter() {
        BadInputException k = assertThrows(BadInputException.class, () -> RendererSettings.parse("gather", 4, 24));
        assertEquals("kernel-size", k.parameter());
        assertEquals("--kernel-size: expected an odd number of at least 3, got 4", k.getMessage());
        BadInputException l = assertThrows(BadInputException.class, () -> RendererSettings.parse("layered", 15, 0));
        assertEquals("layers", l.parameter());
        assertEquals("--layers: expected at least 1, got 0", l.getMessage());
    }

    @Test
    void buildsTheRendererItDescribes() {
        Psf psf = Psf.gaussian();
        RendererSettings gather = RendererSettings.DEFAULT;
        assertFalse(gather.layered());
        assertTrue(gather.renderer(psf, 1) instanceof GatherRenderer);
        assertArrayEquals(render(new GatherRenderer(psf, 15, 1)), render(gather.renderer(psf, 1)));

        RendererSettings eight = new RendererSettings(RendererKind.LAYERED, 15, 8);
        float[] withEight = render(eight.renderer(psf, 1));
        assertArrayEquals(render(new LayeredRenderer(psf, 15, 8, 1)), withEight);
        float[] with24 = render(RendererSettings.parse("layered", 15, 24).renderer(psf, 1));
        assertFalse(Arrays.equals(withEight, with24), "the layer count reaches the renderer");
        assertEquals("renderer=layered layers=8 kernel=15", eight.toString());
        assertEquals("renderer=gather kernel=15", gather.toString());
    }
}
