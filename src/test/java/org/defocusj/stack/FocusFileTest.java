package org.defocusj.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;

class FocusFileTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path p = dir.resolve("focus.txt");
        Files.write(p, text.getBytes("UTF-8"));
        return p;
    }

    @Test
    void readsOneValuePerLineWithCommentsAndUnit() throws IOException {
        FocusDistances f = FocusFile.read(write("# sweep\nunit = um\n-2.5\n0 # middle\n2.5\n"), DistanceUnit.M);
        assertArrayEquals(new double[] {-2.5, 0, 2.5}, f.toArray());
        assertEquals(DistanceUnit.UM, f.unit());
    }

    @Test
    void readsCsvWithHeaderTakingTheLastField() throws IOException {
        FocusDistances f = FocusFile.read(write("file,distance_m\nstep0.jpg,0.5\nstep1.jpg,0.75\nstep2.jpg,1.0\n"),
                DistanceUnit.M);
        assertArrayEquals(new double[] {0.5, 0.75, 1.0}, f.toArray());
        assertEquals(DistanceUnit.M, f.unit());
    }

    @Test
    void formatRoundTrips() throws IOException {
        FocusDistances f = new FocusDistances(new double[] {3, 7.5, 12}, DistanceUnit.UM, "t");
        FocusDistances back = FocusFile.read(write(FocusFile.format(f)), DistanceUnit.M);
        assertArrayEquals(f.toArray(), back.toArray());
        assertEquals(DistanceUnit.UM, back.unit());
    }

    @Test
    void badLineNamesFileAndLine() throws IOException {
        Path p = write("0.5\n0.7\nabc\n");
        BadInputException e = assertThrows(BadInputException.class, () -> FocusFile.read(p, DistanceUnit.M));
        assertTrue(e.getMessage().startsWith(p + " line 3:"), e.getMessage());
    }
}
