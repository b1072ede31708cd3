package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/** The reflective Bio-Formats path, with a stand-in class in place of loci.plugins.BF. */
class BioFormatsTest {

    @TempDir
    Path dir;

    @AfterEach
    void restore() {
        StackReader.bioFormats = BioFormats.installed();
    }

    @Test
    void microscopeFormatsGoThroughBioFormatsWithTheirZCalibration() throws IOException {
        StackReader.bioFormats = new BioFormats(FakeBioFormats.class.getName());
        Path czi = dir.resolve("sweep.czi");
        Files.write(czi, new byte[] {1, 2, 3});
        FocusStack s = StackReader.read(czi, FocusSource.auto(DistanceUnit.M));
        assertEquals(czi.toAbsolutePath().toString(), FakeBioFormats.lastPath);
        assertEquals(3, s.slices());
        assertEquals(DistanceUnit.UM, s.unit(), "z unit from the format's metadata");
        assertArrayEquals(new double[] {0, 0.5, 1.0}, s.focus().toArray());
    }

    @Test
    void withoutBioFormatsTheErrorSaysWhichFormatsNeedIt() throws IOException {
        StackReader.bioFormats = new BioFormats("no.such.BioFormatsClass");
        assertFalse(StackReader.bioFormats.available());
        Path nd2 = dir.resolve("plate.nd2");
        Files.write(nd2, new byte[] {1, 2, 3});
        BadInputException e = assertThrows(BadInputException.class,
                () -> StackReader.read(nd2, FocusSource.auto(DistanceUnit.M)));
        assertTrue(e.getMessage().startsWith(nd2 + ": this format needs Bio-Formats (CZI, ND2, LIF"), e.getMessage());
    }

    @Test
    void plainTiffsNeverNeedIt() {
        assertFalse(BioFormats.wants(dir.resolve("a.tif")));
        assertTrue(BioFormats.wants(dir.resolve("a.OME.TIF")));
        assertFalse(BioFormats.required(dir.resolve("a.ome.tif")), "ImageJ reads OME-TIFF pixels itself");
        assertTrue(BioFormats.required(dir.resolve("a.lif")));
    }
}
