package org.defocusj.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccess;
import net.imglib2.type.numeric.RealType;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;
import org.defocusj.TestStacks;

class ImagePlusStacksTest {

    private static float at(FocusStack s, int x, int y, int c, int z) {
        RandomAccess<? extends RealType<?>> ra = s.image().randomAccess();
        ra.setPosition(new long[] {x, y, c, z});
        return ra.get().getRealFloat();
    }

    @Test
    void wrapsEightBitWithoutCopying() {
        ImagePlus imp = TestStacks.randomBytes(5, 4, 3, 1);
        FocusStack s = TestStacks.wrap(imp, new double[] {1, 2, 3}, DistanceUnit.M);
        assertEquals(5, s.width());
        assertEquals(4, s.height());
        assertEquals(1, s.channels());
        assertEquals(3, s.slices());
        assertEquals(255.0, s.whiteLevel());
        byte[] plane = (byte[]) imp.getStack().getPixels(2);
        plane[1 * 5 + 3] = (byte) 200;
        assertEquals(200f, at(s, 3, 1, 0, 1));
        float[] row = new float[5];
        s.reader().readRows(0, 1, 1, 2, row, 0);
        assertEquals(200f, row[3]);
    }

    @Test
    void sixteenAndThirtyTwoBitReadTheSameThroughBothPaths() {
        ImageStack st = new ImageStack(3, 2);
        st.addSlice(new ShortProcessor(3, 2, new short[] {1, 2, 3, (short) 60000, 5, 6}, null));
        st.addSlice(new ShortProcessor(3, 2, new short[] {7, 8, 9, 10, 11, 12}, null));
        FocusStack s = TestStacks.wrap(new ImagePlus("s", st), new double[] {1, 2}, DistanceUnit.UM);
        float[] rows = new float[6];
        s.reader().readRows(0, 0, 0, 2, rows, 0);
        assertArrayEquals(new float[] {1, 2, 3, 60000, 5, 6}, rows);
        assertEquals(60000f, at(s, 0, 1, 0, 0));
        assertEquals(65535.0, s.whiteLevel());

        ImageStack fs = new ImageStack(2, 1);
        fs.addSlice(new FloatProcessor(2, 1, new float[] {0.25f, -1f}));
        fs.addSlice(new FloatProcessor(2, 1, new float[] {3f, 4f}));
        FocusStack f = TestStacks.wrap(new ImagePlus("f", fs), new double[] {1, 2}, DistanceUnit.UM);
        assertEquals(-1f, at(f, 1, 0, 0, 0));
        assertTrue(Double.isNaN(f.whiteLevel()));
    }

    @Test
    void rgbBecomesThreeChannels() {
        ImageStack st = new ImageStack(2, 1);
        st.addSlice(new ColorProcessor(2, 1, new int[] {0x102030, 0x405060}));
        st.addSlice(new ColorProcessor(2, 1, new int[] {0x708090, 0xa0b0c0}));
        FocusStack s = TestStacks.wrap(new ImagePlus("rgb", st), new double[] {1, 2}, DistanceUnit.M);
        assertEquals(3, s.channels());
        assertEquals(0x40, at(s, 1, 0, 0, 0));
        assertEquals(0x50, at(s, 1, 0, 1, 0));
        assertEquals(0x90, at(s, 0, 0, 2, 1));
        float[] blue = new float[2];
        s.reader().readRows(2, 1, 0, 1, blue, 0);
        assertArrayEquals(new float[] {0x90, 0xc0}, blue);
    }

    @Test
    void focusAxisIsTWhenZHasOneSlice() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 3, 2);
        imp.setDimensions(1, 1, 3);
        FocusStack s = ImagePlusStacks.wrap(imp, FocusSource.index());
        assertEquals(3, s.slices());
        assertEquals(DistanceUnit.SLICE, s.unit());
    }

    @Test
    void hyperstackChannelsAreKeptAndZIsFocus() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 6, 3);
        imp.setDimensions(2, 3, 1);
        FocusStack s = ImagePlusStacks.wrap(imp, FocusSource.index());
        assertEquals(2, s.channels());
        assertEquals(3, s.slices());
        byte[] c1z2 = (byte[]) imp.getStack().getPixels(imp.getStackIndex(2, 3, 1));
        assertEquals(c1z2[5] & 0xff, at(s, 1, 1, 1, 2));
    }

    @Test
    void rejectsBothZAndT() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 4, 3);
        imp.setDimensions(1, 2, 2);
        BadInputException e = assertThrows(BadInputException.class, () -> ImagePlusStacks.wrap(imp, FocusSource.index()));
        assertTrue(e.getMessage().contains("expected one focus axis"), e.getMessage());
    }

    @Test
    void distancesFromZCalibration() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 3, 4);
        imp.getCalibration().pixelDepth = 2.5;
        imp.getCalibration().zOrigin = 1;
        imp.getCalibration().setZUnit("micron");
        FocusStack s = ImagePlusStacks.wrap(imp, FocusSource.auto(DistanceUnit.M));
        assertArrayEquals(new double[] {-2.5, 0, 2.5}, s.focus().toArray());
        assertEquals(DistanceUnit.UM, s.unit());
    }

    @Test
    void distancesFromSliceLabels() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 2, 5);
        imp.getStack().setSliceLabel("focus=0.8 m", 1);
        imp.getStack().setSliceLabel("focus=1.7 m", 2);
        FocusStack s = ImagePlusStacks.wrap(imp, FocusSource.auto(DistanceUnit.M));
        assertArrayEquals(new double[] {0.8, 1.7}, s.focus().toArray());
    }

    @Test
    void missingDistancesExplainWhatToPass() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 2, 6);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ImagePlusStacks.wrap(imp, FocusSource.auto(DistanceUnit.M)));
        assertTrue(e.getMessage().contains("--focus index"), e.getMessage());
    }

    @Test
    void explicitListMustMatchSliceCount() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 3, 7);
        BadInputException e = assertThrows(BadInputException.class,
                () -> TestStacks.wrap(imp, new double[] {1, 2}, DistanceUnit.M));
        assertTrue(e.getMessage().startsWith("--focus: 2 focus distances given but"), e.getMessage());
    }

    private static FocusSource along(FocusAxis axis) {
        return FocusSource.index().withAxis(axis);
    }

    @Test
    void greyChannelsWithoutZOrTAreTheFocusAxisWithANote() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 4, 8);
        imp.setDimensions(4, 1, 1);
        FocusStack s = ImagePlusStacks.wrap(imp, FocusSource.index());
        assertEquals(4, s.slices());
        assertEquals(1, s.channels());
        byte[] third = (byte[]) imp.getStack().getPixels(3);
        assertEquals(third[5] & 0xff, at(s, 1, 1, 0, 2));
        assertEquals(1, s.notes().size());
        assertTrue(ImagePlusStacks.wrap(imp, along(FocusAxis.C)).notes().isEmpty(), "asked for: no note");
    }

    @Test
    void twoOrThreeColourCompositeChannelsNeedTheAxisSaid() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 3, 9);
        imp.setDimensions(3, 1, 1);
        ImagePlus composite = new ij.CompositeImage(imp, ij.IJ.COMPOSITE);
        BadInputException e = assertThrows(BadInputException.class,
                () -> ImagePlusStacks.wrap(composite, FocusSource.index()));
        assertTrue(e.getMessage().contains("3 channels shown as colours") && e.getMessage().contains("--focus-axis c"),
                e.getMessage());
        assertEquals(3, ImagePlusStacks.wrap(composite, along(FocusAxis.C)).slices());

        ImagePlus grey = new ij.CompositeImage(imp, ij.IJ.GRAYSCALE);
        assertEquals(3, ImagePlusStacks.wrap(grey, FocusSource.index()).slices(), "grey channels: unambiguous");
    }

    @Test
    void moreThanThreeChannelsAreNeverColours() {
        ImagePlus imp = TestStacks.randomBytes(4, 4, 5, 10);
        imp.setDimensions(5, 1, 1);
        assertEquals(5, ImagePlusStacks.wrap(new ij.CompositeImage(imp, ij.IJ.COMPOSITE), FocusSource.index()).slices());
    }

    @Test
    void anAxisSaidIsCheckedAgainstTheShape() {
        ImagePlus zc = TestStacks.randomBytes(4, 4, 6, 11);
        zc.setDimensions(2, 3, 1);
        BadInputException c = assertThrows(BadInputException.class, () -> ImagePlusStacks.wrap(zc, along(FocusAxis.C)));
        assertTrue(c.getMessage().contains("only when Z and T are 1"), c.getMessage());
        BadInputException t = assertThrows(BadInputException.class, () -> ImagePlusStacks.wrap(zc, along(FocusAxis.T)));
        assertTrue(t.getMessage().contains("they lie along Z: give --focus-axis z or auto"), t.getMessage());
        ImagePlus zt = TestStacks.randomBytes(4, 4, 4, 13);
        zt.setDimensions(1, 2, 2);
        BadInputException both = assertThrows(BadInputException.class,
                () -> ImagePlusStacks.wrap(zt, along(FocusAxis.Z)));
        assertTrue(both.getMessage().contains("needs the other of Z and T to be 1"), both.getMessage());
        assertEquals(3, ImagePlusStacks.wrap(zc, along(FocusAxis.Z)).slices());

        ImageStack st = new ImageStack(2, 1);
        st.addSlice(new ColorProcessor(2, 1, new int[] {1, 2}));
        st.addSlice(new ColorProcessor(2, 1, new int[] {3, 4}));
        BadInputException rgb = assertThrows(BadInputException.class,
                () -> ImagePlusStacks.wrap(new ImagePlus("rgb", st), along(FocusAxis.C)));
        assertTrue(rgb.getMessage().contains("its channels are colours"), rgb.getMessage());

        ImagePlus frames = TestStacks.randomBytes(4, 4, 3, 12);
        frames.setDimensions(1, 1, 3);
        assertEquals(3, ImagePlusStacks.wrap(frames, along(FocusAxis.T)).slices());
        BadInputException z = assertThrows(BadInputException.class,
                () -> ImagePlusStacks.wrap(frames, along(FocusAxis.Z)));
        assertTrue(z.getMessage().contains("they lie along T: give --focus-axis t or auto"), z.getMessage());
    }

    @Test
    void focusAxisIsReadWithTheOtherStackParameters() {
        org.defocusj.param.ParameterValues v = org.defocusj.param.ParameterValues.DEFAULTS;
        assertEquals(FocusAxis.AUTO, FocusSource.parse(v).axis());
        assertEquals(FocusAxis.C, FocusSource.parse(v.with(FocusAxis.FOCUS_AXIS, "C")).axis());
        BadInputException e = assertThrows(BadInputException.class,
                () -> FocusSource.parse(v.with(FocusAxis.FOCUS_AXIS, "x")));
        assertTrue(e.getMessage().startsWith("--focus-axis: unknown focus axis 'x'"), e.getMessage());
        assertTrue(FocusSource.PARAMETERS.contains(FocusAxis.FOCUS_AXIS));
    }
}
