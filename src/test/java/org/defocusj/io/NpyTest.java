package org.defocusj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;

class NpyTest {

    @TempDir
    Path dir;

    /** Builds an .npy file by hand, as NumPy lays it out. */
    private Path npy(String descr, boolean fortran, String shape, byte[] payload) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + hb.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) hb.length);
        b.put(hb);
        b.put(payload);
        Path p = dir.resolve("a" + System.nanoTime() + ".npy");
        Files.write(p, b.array());
        return p;
    }

    @Test
    void readsFloat64FortranOrder() throws IOException {
        // 2 x 3 array [[1,2,3],[4,5,6]] stored column-major: 1,4,2,5,3,6
        ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            b.putDouble(v);
        }
        Npy.Array a = Npy.read(npy("<f8", true, "(2, 3)", b.array()));
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.data());
    }

    @Test
    void readsBigEndianFloat32AndHalf() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        b.putFloat(1.5f).putFloat(Float.NaN);
        Npy.Array a = Npy.read(npy(">f4", false, "(2,)", b.array()));
        assertEquals(1.5f, a.data()[0]);
        assertTrue(Float.isNaN(a.data()[1]));
        ByteBuffer h = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        h.putShort((short) 0x3c00).putShort((short) 0xc000); // 1.0, -2.0
        assertArrayEquals(new float[] {1f, -2f}, Npy.read(npy("<f2", false, "(2,)", h.array())).data());
    }

    @Test
    void writesWhatItReads() throws IOException {
        Path p = dir.resolve("w.npy");
        float[] v = {0.25f, -3f, 7f, 8f, 9f, 10f};
        Npy.writeFloat32(p, v, 3, 2);
        Npy.Array a = Npy.read(p);
        assertArrayEquals(new int[] {3, 2}, a.shape());
        assertArrayEquals(v, a.data());
        assertEquals(0, (Files.size(p) - 6 * 4) % 64, "header padded to 64 bytes as NumPy does");
        Path u = dir.resolve("u.npy");
        Npy.writeUint8(u, new byte[] {0, (byte) 255}, 2);
        assertArrayEquals(new float[] {0, 255}, Npy.read(u).data());
    }

    @Test
    void rejectsNonNpyAndShortData() throws IOException {
        Path junk = dir.resolve("junk.npy");
        Files.write(junk, "hello world".getBytes(StandardCharsets.UTF_8));
        BadInputException e = assertThrows(BadInputException.class, () -> Npy.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        Path shortData = npy("<f4", false, "(4, 4)", new byte[8]);
        assertThrows(BadInputException.class, () -> Npy.read(shortData));
    }
}
