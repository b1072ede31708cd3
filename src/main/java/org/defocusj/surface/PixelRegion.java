package org.defocusj.surface;

import org.defocusj.BadInputException;

/** A rectangle of pixels: left column x, top row y, width and height in pixels. */
public final class PixelRegion {

    private final int x;
    private final int y;
    private final int width;
    private final int height;

    public PixelRegion(int x, int y, int width, int height) {
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /**
     * {@code X,Y,W,H} (whole pixels).
     *
     * @param parameter the id of the parameter the text came from, for messages
     */
    public static PixelRegion parse(String text, String parameter) {
        double[] v = numbers(text, 4, parameter, "X,Y,W,H");
        for (double d : v) {
            if (d != Math.rint(d)) {
                throw BadInputException.forParameter(parameter, "'" + text.trim() + "' (expected whole pixels X,Y,W,H)");
            }
        }
        return new PixelRegion((int) v[0], (int) v[1], (int) v[2], (int) v[3]);
    }

    /** {@code count} comma-separated numbers, or a message naming {@code parameter} and the expected {@code form}. */
    static double[] numbers(String text, int count, String parameter, String form) {
        String[] parts = text.trim().split("\\s*,\\s*");
        if (parts.length != count) {
            throw BadInputException.forParameter(parameter, "'" + text.trim() + "' (expected " + form + ")");
        }
        double[] v = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw BadInputException.forParameter(parameter, "'" + parts[i] + "' in '" + text.trim()
                        + "' is not a number (expected " + form + ")");
            }
            if (!Double.isFinite(v[i])) {
                throw BadInputException.forParameter(parameter, "'" + parts[i] + "' is not a finite number");
            }
        }
        return v;
    }

    /** Checks that the region is not empty and lies inside a {@code w x h} image. */
    public PixelRegion requireInside(int w, int h, String parameter) {
        if (width < 1 || height < 1) {
            throw BadInputException.forParameter(parameter, "region " + this + " is empty (expected a width and "
                    + "height of at least 1 pixel)");
        }
        if (x < 0 || y < 0 || (long) x + width > w || (long) y + height > h) {
            throw BadInputException.forParameter(parameter, "region " + this + " is outside the " + w + " x " + h
                    + " image (expected X,Y,W,H with 0 <= X, X + W <= " + w + ", 0 <= Y, Y + H <= " + h + ")");
        }
        return this;
    }

    /** The centred part of this region whose sides are {@code fraction} of its own (at least one pixel). */
    public PixelRegion core(double fraction) {
        int cw = Math.max(1, (int) Math.round(width * fraction));
        int ch = Math.max(1, (int) Math.round(height * fraction));
        return new PixelRegion(x + (width - cw) / 2, y + (height - ch) / 2, cw, ch);
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
