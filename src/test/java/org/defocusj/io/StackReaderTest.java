package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import net.imglib2.img.array.ArrayImgs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;
import org.defocusj.stack.SpatialCalibration;

class StackReaderTest {

    @TempDir
    Path dir;

    @Test
    void folderIsReadInNaturalOrderWithItsFocusFile() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("stack"));
        for (int i : new int[] {10, 2, 1}) {
            byte[] px = new byte[4 * 3];
            Arrays.fill(px, (byte) i);
            new FileSaver(new ImagePlus("s", new ByteProcessor(4, 3, px))).saveAsPng(
                    folder.resolve("step" + i + ".png").toString());
        }
        Files.write(folder.resolve("focus.txt"), "unit=mm\n100\n200\n300\n".getBytes("UTF-8"));
        FocusStack s = StackReader.read(folder, FocusSource.auto(DistanceUnit.M));
        assertEquals(3, s.slices());
        assertEquals(DistanceUnit.MM, s.unit());
        float[] px = new float[12];
        for (int z = 0; z < 3; z++) {
            s.reader().readRows(0, z, 0, 3, px, 0);
            assertEquals(new int[] {1, 2, 10}[z], px[0], "slice " + z);
        }
    }

    @Test
    void naturalOrderSortsNumbersByValue() {
        List<String> names = Arrays.asList("img10.png", "img9.png", "img1.png", "IMG2.png");
        List<String> sorted = names.stream().sorted(NaturalOrder::compare).collect(Collectors.toList());
        assertEquals(Arrays.asList("img1.png", "IMG2.png", "img9.png", "img10.png"), sorted);
    }

    @Test
    void tiffSidecarBesideTheFileIsFound() throws IOException {
        Path tif = dir.resolve("sweep.tif");
        new FileSaver(TestStacks.randomBytes(6, 5, 3, 1)).saveAsTiffStack(tif.toString());
        Files.write(dir.resolve("sweep.focus.txt"), "unit=um\n0\n1.5\n3\n".getBytes("UTF-8"));
        FocusStack s = StackReader.read(tif, FocusSource.auto(DistanceUnit.M));
        assertArrayEquals(new double[] {0, 1.5, 3}, s.focus().toArray());
        assertEquals(DistanceUnit.UM, s.unit());
    }

    @Test
    void explicitDistancesWinOverTheSidecar() throws IOException {
        Path tif = dir.resolve("sweep.tif");
        new FileSaver(TestStacks.randomBytes(6, 5, 3, 1)).saveAsTiffStack(tif.toString());
        Files.write(dir.resolve("sweep.focus.txt"), "1\n2\n3\n".getBytes("UTF-8"));
        FocusStack s = StackReader.read(tif, FocusSource.explicit(new double[] {4, 5, 6}, DistanceUnit.MM));
        assertArrayEquals(new double[] {4, 5, 6}, s.focus().toArray());
    }

    @Test
    void depthTiffKeepsCalibrationValueUnitAndProvenance() throws IOException {
        float[] v = {0.5f, 1.25f, Float.NaN, 2f, 3f, 4f};
        Map<String, String> info = new LinkedHashMap<>();
        info.put("method", "dff");
        ImagePlus imp = TiffWriter.floatMap("depth", ArrayImgs.floats(v, 3, 2),
                new SpatialCalibration(0.65, 0.65, "µm"), "um", info);
        Path file = dir.resolve("depth.tif");
        TiffWriter.write(imp, file);
        ImagePlus back = IJ.openImage(file.toString());
        assertEquals(32, back.getBitDepth());
        assertEquals("um", back.getCalibration().getValueUnit());
        assertEquals(0.65, back.getCalibration().pixelWidth, 1e-6); // TIFF stores a rational
        assertTrue(back.getCalibration().getUnit().matches("µm|micron|um"), back.getCalibration().getUnit());
        assertTrue(back.getInfoProperty().contains("method = dff"), back.getInfoProperty());
        float[] px = (float[]) back.getProcessor().getPixels();
        assertEquals(1.25f, px[1]);
        assertTrue(Float.isNaN(px[2]));
    }
}
