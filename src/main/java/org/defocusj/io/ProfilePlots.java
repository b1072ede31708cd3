package org.defocusj.io;

import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import ij.gui.Plot;
import ij.process.ImageProcessor;

import org.defocusj.surface.HeightProfile;

/** A height profile as an ImageJ plot, height over distance with both units on the axes; also as PNG. */
public final class ProfilePlots {

    private ProfilePlots() {
    }

    /** The plot Fiji shows and the CLI writes; invalid samples are gaps. */
    public static Plot plot(HeightProfile p, String title) {
        Plot plot = new Plot(title, "distance (" + p.xyUnit() + ")", "height (" + p.heightUnit() + ")");
        plot.setSize(640, 360);
        plot.add("line", p.distance(), p.heights());
        plot.setLimitsToFit(false);
        return plot;
    }

    /** Writes the plot as PNG to {@code file} (for atomic output, a temporary file). */
    public static void writePng(HeightProfile p, String title, Path file) throws IOException {
        ImageProcessor ip = plot(p, title).getProcessor();
        if (!ImageIO.write(ip.getBufferedImage(), "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
