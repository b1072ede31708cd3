package org.defocusj.stack;

/** A single-plane map read for evaluation: row-major values, its size and where it came from (for messages). */
public final class DepthMap {

    private final String source;
    private final int width;
    private final int height;
    private final float[] data;

    public DepthMap(String source, int width, int height, float[] data) {
        if (width <= 0 || height <= 0 || (long) width * height != data.length) {
            throw new IllegalArgumentException(source + ": " + width + "x" + height + " does not hold "
                    + data.length + " values");
        }
        this.source = source;
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** The file (or other origin) as named in messages. */
    public String source() {
        return source;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Row-major values (not copied). */
    public float[] data() {
        return data;
    }

    /** "W x H" as messages print it. */
    public String size() {
        return width + "x" + height;
    }

    public boolean sameSize(DepthMap other) {
        return width == other.width && height == other.height;
    }
}
