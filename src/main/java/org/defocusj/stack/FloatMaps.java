package org.defocusj.stack;

import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

/** Access to float images as flat row-major arrays, as the writers and metrics need them. */
public final class FloatMaps {

    private FloatMaps() {
    }

    /** The backing array of a float ArrayImg (no copy), or a flat-order copy of any other float image. */
    public static float[] data(Img<FloatType> img) {
        if (img instanceof ArrayImg) {
            Object access = ((ArrayImg<?, ?>) img).update(null);
            if (access instanceof FloatArray) {
                return ((FloatArray) access).getCurrentStorageArray();
            }
        }
        float[] out = new float[(int) img.size()];
        int i = 0;
        for (FloatType t : Views.flatIterable(img)) {
            out[i++] = t.get();
        }
        return out;
    }
}
