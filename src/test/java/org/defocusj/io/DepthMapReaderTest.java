package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.eval.EvalFiles;
import org.defocusj.stack.DepthMap;

class DepthMapReaderTest {

    @TempDir
    Path dir;

    /** 2 rows x 3 columns stored column-major as float64: must come back row-major, 3 wide and 2 high. */
    @Test
    void fortranOrderFloat64() throws IOException {
        Path f = EvalFiles.fortranFloat64(dir.resolve("gt.npy"), new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        DepthMap m = DepthMapReader.readDepth(f, "gt");
        assertEquals(3, m.width());
        assertEquals(2, m.height());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, m.data());
    }

    @Test
    void threeDimensionalWithASingletonAxis() throws IOException {
        float[] v = {1, 2, 3, 4, 5, 6};
        for (int[] shape : new int[][] {{1, 2, 3}, {2, 3, 1}, {2, 1, 3}}) {
            Path f = dir.resolve("a" + shape[0] + shape[1] + shape[2] + ".npy");
            Npy.writeFloat32(f, v, shape);
            DepthMap m = DepthMapReader.readDepth(f, "pred");
            assertEquals(3, m.width());
            assertEquals(2, m.height());
            assertArrayEquals(v, m.data());
        }
        Path fortran3d = EvalFiles.fortranFloat64(dir.resolve("f3.npy"), new double[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        assertArrayEquals(v, DepthMapReader.readDepth(fortran3d, "gt").data());
    }

    @Test
    void otherShapesAreRejected() throws IOException {
        Path f = dir.resolve("stack.npy");
        Npy.writeFloat32(f, new float[12], 2, 2, 3);
        BadInputException e = assertThrows(BadInputException.class, () -> DepthMapReader.readDepth(f, "gt"));
        assertTrue(e.getMessage().startsWith("--gt: " + f + ": array of shape (2, 2, 3)"), e.getMessage());
    }

    @Test
    void floatTiff() throws IOException {
        Path f = EvalFiles.tiff(dir.resolve("d.tif"), 3, 2, 1, 2, 3, 4, 5, Float.NaN);
        DepthMap m = DepthMapReader.readDepth(f, "pred");
        assertEquals(3, m.width());
        assertEquals(2, m.height());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, Float.NaN}, m.data());
    }

    @Test
    void sixteenBitTiffIsNotADepthMapButIsAMask() {
        Path f = dir.resolve("d16.tif");
        assertTrue(new FileSaver(new ImagePlus("d16", new ShortProcessor(2, 1, new short[] {0, 7}, null)))
                .saveAsTiff(f.toString()));
        BadInputException e = assertThrows(BadInputException.class, () -> DepthMapReader.readDepth(f, "gt"));
        assertTrue(e.getMessage().contains("16-bit") && e.getMessage().contains("32-bit"), e.getMessage());
        assertArrayEquals(new float[] {0, 7}, DepthMapReader.readMask(f, "mask").data());
    }

    @Test
    void multiPlaneTiffIsRejected() {
        ImageStack s = new ImageStack(2, 2);
        s.addSlice(new FloatProcessor(2, 2));
        s.addSlice(new FloatProcessor(2, 2));
        Path f = dir.resolve("two.tif");
        assertTrue(new FileSaver(new ImagePlus("two", s)).saveAsTiffStack(f.toString()));
        BadInputException e = assertThrows(BadInputException.class, () -> DepthMapReader.readDepth(f, "pred"));
        assertTrue(e.getMessage().contains("2 planes"), e.getMessage());
    }
}
