package org.defocusj.zedd;

import java.util.Locale;

import org.defocusj.BadInputException;

/**
 * The two public ZEDD splits and the resolution the reference evaluates each at: validation images are resized
 * to height 480 and centre-cropped to width 640 and come with ground truth; test images are used at their full
 * 1216 x 1824 and their ground truth is held by the test server.
 */
public enum ZeddSplit {
    VAL("val", 480, 640, true),
    TEST("test", 1216, 1824, false);

    private final String folder;
    private final int height;
    private final int width;
    private final boolean groundTruth;

    ZeddSplit(String folder, int height, int width, boolean groundTruth) {
        this.folder = folder;
        this.height = height;
        this.width = width;
        this.groundTruth = groundTruth;
    }

    /** {@code val} or {@code test}: the folder under the ZEDD root and the option value. */
    public String folder() {
        return folder;
    }

    /** Height the images are resized to (when they are not that high already). */
    public int height() {
        return height;
    }

    /** Width the resized images are centre-cropped to (when wider). */
    public int width() {
        return width;
    }

    /** Whether scenes carry {@code gt/depth.npy}. */
    public boolean hasGroundTruth() {
        return groundTruth;
    }

    public static ZeddSplit parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ZeddSplit s : values()) {
            if (s.folder.equals(t)) {
                return s;
            }
        }
        throw BadInputException.forParameter("split", "'" + text + "' is not a ZEDD split (expected val or test)");
    }
}
