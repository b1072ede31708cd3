package org.defocusj.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.defocusj.io.Npy;

/** Tiny depth files for evaluation tests, written the way ImageJ and NumPy write them. */
public final class EvalFiles {

    private EvalFiles() {
    }

    /** A 32-bit TIFF of {@code w x h} row-major values. */
    public static Path tiff(Path file, int w, int h, float... values) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        assertTrue(new FileSaver(new ImagePlus(file.getFileName().toString(), new FloatProcessor(w, h,
                values.clone()))).saveAsTiff(file.toString()));
        return file;
    }

    /** A C-order little-endian float32 .npy of shape (h, w). */
    public static Path npy(Path file, int w, int h, float... values) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Npy.writeFloat32(file, values, h, w);
        return file;
    }

    /**
     * A float64 .npy in Fortran (column-major) order as NumPy writes {@code np.asfortranarray(a)} of shape
     * {@code shape}; {@code rowMajor} holds the values in C order.
     */
    public static Path fortranFloat64(Path file, double[] rowMajor, int... shape) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        int n = rowMajor.length;
        double[] columnMajor = new double[n];
        // C index (i0, i1, ...) -> Fortran offset sum(i_k * prod(shape[0..k-1])).
        int[] idx = new int[shape.length];
        for (int c = 0; c < n; c++) {
            int off = 0;
            int stride = 1;
            for (int k = 0; k < shape.length; k++) {
                off += idx[k] * stride;
                stride *= shape[k];
            }
            columnMajor[off] = rowMajor[c];
            for (int k = shape.length - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i > 0 ? ", " : "").append(shape[i]);
        }
        String dict = "{'descr': '<f8', 'fortran_order': True, 'shape': (" + dims + (shape.length == 1 ? "," : "")
                + "), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + hb.length + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) hb.length);
        b.put(hb);
        for (double v : columnMajor) {
            b.putDouble(v);
        }
        Files.write(file, b.array());
        return file;
    }
}
