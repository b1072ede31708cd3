package org.defocusj.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import org.defocusj.stack.FocusStack;
import org.defocusj.stack.PlaneReader;
import org.defocusj.stack.SliceLabels;

/**
 * Writes a stack as the depth method saw it (aligned) as a TIFF in the stack's bit depth, one slice at a time
 * through a virtual stack, so that a large stack is never held twice; slice labels carry the focus distances.
 */
public final class AlignedStackFile {

    private AlignedStackFile() {
    }

    public static void write(FocusStack stack, Map<String, String> info, Path file) throws IOException {
        TiffWriter.write(image(stack, new Slices(stack), stack.name() + "-aligned", info), file);
    }

    /**
     * The stack as an image of its own, held in memory (the virtual stack that {@link #write} streams would keep
     * warping the original's pixels, and change with them).
     */
    public static ImagePlus inMemory(FocusStack stack, String title, Map<String, String> info) {
        Slices virtual = new Slices(stack);
        ImageStack slices = new ImageStack(stack.width(), stack.height());
        for (int n = 1; n <= virtual.getSize(); n++) {
            slices.addSlice(virtual.getSliceLabel(n), virtual.getProcessor(n));
        }
        return image(stack, slices, title, info);
    }

    private static ImagePlus image(FocusStack stack, ImageStack slices, String title, Map<String, String> info) {
        ImagePlus imp = new ImagePlus(title, slices);
        if (!rgb(stack) && stack.channels() > 1) {
            imp.setDimensions(stack.channels(), stack.slices(), 1);
        }
        StringBuilder text = new StringBuilder();
        info.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        imp.setProperty("Info", text.toString());
        return imp;
    }

    private static boolean rgb(FocusStack stack) {
        return stack.channels() == 3 && stack.whiteLevel() == 255;
    }

    /** Planes made on request from the stack's reader: RGB slices, or channel planes with channel fastest. */
    private static final class Slices extends VirtualStack {
        private final FocusStack stack;
        private final boolean rgb;

        Slices(FocusStack stack) {
            super(stack.width(), stack.height(), null, null);
            this.stack = stack;
            this.rgb = rgb(stack);
        }

        @Override
        public int getSize() {
            return rgb ? stack.slices() : stack.slices() * stack.channels();
        }

        @Override
        public String getSliceLabel(int n) {
            int z = rgb ? n - 1 : (n - 1) / stack.channels();
            return SliceLabels.format(stack.focus().get(z), stack.unit());
        }

        @Override
        public String[] getSliceLabels() {
            String[] labels = new String[getSize()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = getSliceLabel(i + 1);
            }
            return labels;
        }

        @Override
        public Object getPixels(int n) {
            return getProcessor(n).getPixels();
        }

        @Override
        public ImageProcessor getProcessor(int n) {
            int w = stack.width();
            int h = stack.height();
            PlaneReader reader = stack.reader();
            float[] plane = new float[w * h];
            if (rgb) {
                int[] px = new int[w * h];
                for (int c = 0; c < 3; c++) {
                    reader.readRows(c, n - 1, 0, h, plane, 0);
                    for (int i = 0; i < px.length; i++) {
                        px[i] |= clamp(plane[i], 255) << (16 - 8 * c);
                    }
                }
                return new ColorProcessor(w, h, px);
            }
            int nC = stack.channels();
            reader.readRows((n - 1) % nC, (n - 1) / nC, 0, h, plane, 0);
            if (stack.whiteLevel() == 255) {
                byte[] b = new byte[w * h];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) clamp(plane[i], 255);
                }
                return new ByteProcessor(w, h, b);
            }
            if (stack.whiteLevel() == 65535) {
                short[] s = new short[w * h];
                for (int i = 0; i < s.length; i++) {
                    s[i] = (short) clamp(plane[i], 65535);
                }
                return new ShortProcessor(w, h, s, null);
            }
            return new FloatProcessor(w, h, plane);
        }

        private static int clamp(float v, int max) {
            int i = Math.round(v);
            return i < 0 ? 0 : i > max ? max : i;
        }
    }
}
