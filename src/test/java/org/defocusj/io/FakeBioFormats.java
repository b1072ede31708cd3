package org.defocusj.io;

import ij.ImagePlus;

import org.defocusj.TestStacks;

/** Stands in for loci.plugins.BF: same static method, returns a 3-slice stack with a 0.5 µm z-calibration. */
public final class FakeBioFormats {

    static String lastPath;

    private FakeBioFormats() {
    }

    public static ImagePlus[] openImagePlus(String path) {
        lastPath = path;
        ImagePlus imp = TestStacks.randomBytes(8, 6, 3, 1);
        imp.getCalibration().pixelDepth = 0.5;
        imp.getCalibration().setZUnit("micron");
        return new ImagePlus[] {imp};
    }
}
