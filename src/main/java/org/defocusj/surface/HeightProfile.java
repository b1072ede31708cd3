package org.defocusj.surface;

import org.defocusj.BadInputException;

/**
 * Heights along a straight line, sampled bilinearly at evenly spaced points no more than one pixel apart,
 * both ends included. Coordinates are in pixels with pixel (i, j)'s centre at (i, j); the distance along the
 * line is in the xy unit (pixels when not calibrated). A sample whose interpolation needs an invalid pixel
 * is NaN.
 */
public final class HeightProfile {

    private final double[] distance;
    private final double[] x;
    private final double[] y;
    private final double[] z;
    private final double length;
    private final String xyUnit;
    private final String heightUnit;

    private HeightProfile(double[] distance, double[] x, double[] y, double[] z, double length, String xyUnit,
            String heightUnit) {
        this.distance = distance;
        this.x = x;
        this.y = y;
        this.z = z;
        this.length = length;
        this.xyUnit = xyUnit;
        this.heightUnit = heightUnit;
    }

    /** {@code X0,Y0,X1,Y1} in pixels as four numbers. */
    public static double[] parseLine(String text, String parameter) {
        return PixelRegion.numbers(text, 4, parameter, "X0,Y0,X1,Y1 in pixels");
    }

    /**
     * The profile from (x0, y0) to (x1, y1).
     *
     * @param parameter the id of the parameter that gave the line, for messages
     * @throws BadInputException when an end lies outside the image or the line has no length
     */
    public static HeightProfile along(HeightField f, double x0, double y0, double x1, double y1, String parameter) {
        int w = f.width();
        int h = f.height();
        for (double[] p : new double[][] {{x0, y0}, {x1, y1}}) {
            if (!(p[0] >= 0 && p[0] <= w - 1 && p[1] >= 0 && p[1] <= h - 1)) {
                throw BadInputException.forParameter(parameter, "point (" + p[0] + ", " + p[1] + ") is outside the "
                        + w + " x " + h + " image (expected pixel coordinates from 0,0 to " + (w - 1) + "," + (h - 1)
                        + ")");
            }
        }
        double dx = x1 - x0;
        double dy = y1 - y0;
        double pixels = Math.hypot(dx, dy);
        if (pixels == 0) {
            throw BadInputException.forParameter(parameter, "the line from (" + x0 + ", " + y0 + ") to (" + x1 + ", "
                    + y1 + ") has zero length (expected two different points)");
        }
        double length = Math.hypot(dx * f.pixelWidth(), dy * f.pixelHeight());
        int n = (int) Math.ceil(pixels) + 1;
        double[] d = new double[n];
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] zs = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1);
            xs[i] = x0 + t * dx;
            ys[i] = y0 + t * dy;
            d[i] = t * length;
            zs[i] = bilinear(f, xs[i], ys[i]);
        }
        return new HeightProfile(d, xs, ys, zs, length, f.xyUnit(), f.heightUnit());
    }

    /** The bilinear height at (x, y) inside the image; NaN when a pixel with positive weight is invalid. */
    static double bilinear(HeightField f, double x, double y) {
        int ix = Math.min((int) Math.floor(x), Math.max(0, f.width() - 2));
        int iy = Math.min((int) Math.floor(y), Math.max(0, f.height() - 2));
        double fx = x - ix;
        double fy = y - iy;
        double s = 0;
        for (int j = 0; j <= 1; j++) {
            double wy = j == 0 ? 1 - fy : fy;
            for (int i = 0; i <= 1; i++) {
                double wx = i == 0 ? 1 - fx : fx;
                double wgt = wx * wy;
                if (wgt == 0) {
                    continue;
                }
                double v = f.at(ix + i, iy + j);
                if (!Double.isFinite(v)) {
                    return Double.NaN;
                }
                s += wgt * v;
            }
        }
        return s;
    }

    /** Distance of each sample from the start, in {@link #xyUnit()}. */
    public double[] distance() {
        return distance.clone();
    }

    /** Sample x in pixels. */
    public double[] x() {
        return x.clone();
    }

    public double[] y() {
        return y.clone();
    }

    /** Heights in {@link #heightUnit()}, NaN where invalid. */
    public double[] heights() {
        return z.clone();
    }

    public int size() {
        return z.length;
    }

    /** The line's length in {@link #xyUnit()}. */
    public double length() {
        return length;
    }

    public String xyUnit() {
        return xyUnit;
    }

    public String heightUnit() {
        return heightUnit;
    }
}
