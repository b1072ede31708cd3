package org.defocusj.surface;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

class MeshTextureTest {

    @Test
    void rgbIsTakenAsIs() {
        ColorProcessor cp = new ColorProcessor(3, 2);
        cp.set(1, 1, 0x123456);
        MeshTexture t = MeshTexture.of(new ImagePlus("rgb", cp), "texture");
        assertEquals(0x123456, t.rgb(1, 1));
        assertEquals(0, t.rgb(0, 0));
    }

    @Test
    void greyGoesThroughItsDisplayRange() {
        ShortProcessor sp = new ShortProcessor(4, 1);
        sp.set(0, 0, 300);
        sp.set(1, 0, 1000);
        sp.set(2, 0, 3800);
        sp.set(3, 0, 5000);
        ImagePlus imp = new ImagePlus("grey", sp);
        imp.setDisplayRange(1000, 3800);
        MeshTexture t = MeshTexture.of(imp, "texture");
        assertEquals(0x000000, t.rgb(0, 0), "below the range: black");
        assertEquals(0x000000, t.rgb(1, 0));
        assertEquals(0xffffff, t.rgb(2, 0));
        assertEquals(0xffffff, t.rgb(3, 0), "above: white");
    }

    @Test
    void threeChannelsAreRedGreenBlueEachThroughItsRange() {
        ImageStack stack = new ImageStack(2, 1);
        for (int c = 0; c < 3; c++) {
            ShortProcessor sp = new ShortProcessor(2, 1);
            sp.set(0, 0, 100 * (c + 1));
            sp.set(1, 0, 1000 * (c + 1));
            stack.addSlice(sp);
        }
        ImagePlus imp = new ImagePlus("channels", stack);
        imp.setDimensions(3, 1, 1);
        CompositeImage ci = new CompositeImage(imp, CompositeImage.COMPOSITE);
        for (int c = 1; c <= 3; c++) {
            ci.setC(c);
            ci.setDisplayRange(100 * c, 1000 * c);
        }
        MeshTexture t = MeshTexture.of(ci, "texture");
        assertEquals(0x000000, t.rgb(0, 0));
        assertEquals(0xffffff, t.rgb(1, 0));
        ImageStack planes = new ImageStack(2, 1);
        for (int z = 0; z < 5; z++) {
            planes.addSlice(new ShortProcessor(2, 1));
        }
        ImagePlus many = new ImagePlus("z", planes);
        assertEquals("texture", assertThrows(BadInputException.class, () -> MeshTexture.of(many, "texture"))
                .parameter());
    }
}
