package org.defocusj.synth;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.defocusj.BadInputException;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;

/**
 * How a synthetic data set is drawn. "Random" settings follow FOSSA's training randomisation: PSF
 * power-exponential with p log-uniform in [2, 32], f-number from {1.0, 1.4, 2.0, 2.8, 4.0}, focus lists mixing
 * depth-dependent (20 %) and power-inverse (80 %) sampling. Fixed settings make evaluation sets.
 */
public final class SynthSettings {

    /** Focus-list strategies. */
    public enum FocusStrategy { MIX, DEPTH, POWER_INVERSE, FIXED }

    int scenes = 200;
    int slices = 5;
    int width = 256;
    int height = 256;
    long seed = 7;
    SceneKind sceneKind = SceneKind.MIX;
    /** "random" or a family name: gaussian, disk, power-exp. */
    String psf = "random";
    double p = 2;
    /** NaN means drawn from FocusSampling.F_NUMBERS. */
    double fNumber = Double.NaN;
    /** NaN means drawn uniformly in [24, 70] mm. */
    double focalLengthMm = Double.NaN;
    double sensorWidthMm = 36;
    FocusStrategy focus = FocusStrategy.MIX;
    double[] fixedFocus;
    RendererSettings renderer = RendererSettings.DEFAULT;

    public SynthSettings scenes(int n) {
        if (n < 1) {
            throw BadInputException.forParameter("scenes", "expected at least 1, got " + n);
        }
        scenes = n;
        return this;
    }

    public SynthSettings slices(int n) {
        if (n < 2) {
            throw BadInputException.forParameter("slices", "expected at least 2, got " + n);
        }
        slices = n;
        return this;
    }

    public SynthSettings size(int w, int h) {
        if (w < 16 || h < 16) {
            throw BadInputException.forParameter("size", "expected at least 16 pixels, got " + w + "x" + h);
        }
        width = w;
        height = h;
        return this;
    }

    public SynthSettings seed(long s) {
        seed = s;
        return this;
    }

    public SynthSettings sceneKind(SceneKind k) {
        sceneKind = k;
        return this;
    }

    /** {@code random}, or a fixed family with shape {@code shape} (used by power-exp). */
    public SynthSettings psf(String family, double shape) {
        if (!"random".equalsIgnoreCase(family)) {
            Psf.parse(family, shape);
        }
        psf = family;
        p = shape;
        return this;
    }

    public SynthSettings fNumber(double n) {
        if (!Double.isNaN(n) && !(n > 0)) {
            throw BadInputException.forParameter("fnumber", "expected a positive f-number or 'random', got " + n);
        }
        fNumber = n;
        return this;
    }

    public SynthSettings focalLengthMm(double f) {
        if (!Double.isNaN(f) && !(f > 0)) {
            throw BadInputException.forParameter("focal-length-mm",
                    "expected a positive focal length or 'random', got " + f);
        }
        focalLengthMm = f;
        return this;
    }

    public SynthSettings sensorWidthMm(double s) {
        if (!(s > 0)) {
            throw BadInputException.forParameter("sensor-width-mm", "expected a positive width, got " + s);
        }
        sensorWidthMm = s;
        return this;
    }

    public SynthSettings focus(FocusStrategy strategy, double[] fixed) {
        if (strategy == FocusStrategy.FIXED && (fixed == null || fixed.length < 2)) {
            throw BadInputException.forParameter("focus-sampling", "a fixed list needs at least 2 distances");
        }
        focus = strategy;
        fixedFocus = fixed == null ? null : fixed.clone();
        if (strategy == FocusStrategy.FIXED) {
            slices = fixed.length;
        }
        return this;
    }

    /** Renderer, kernel size and (layered) layers of every scene. */
    public SynthSettings renderer(RendererSettings r) {
        renderer = java.util.Objects.requireNonNull(r, "renderer");
        return this;
    }

    Psf drawPsf(SplittableRandom rng) {
        if ("random".equalsIgnoreCase(psf)) {
            return Psf.powerExponential(FocusSampling.drawShape(rng));
        }
        return Psf.parse(psf, p);
    }

    double drawFNumber(SplittableRandom rng) {
        return Double.isNaN(fNumber) ? FocusSampling.drawFNumber(rng) : fNumber;
    }

    double drawFocalLengthMm(SplittableRandom rng) {
        return Double.isNaN(focalLengthMm) ? 24 + 46 * rng.nextDouble() : focalLengthMm;
    }

    double[] drawFocus(float[] depth, SplittableRandom rng) {
        switch (focus) {
            case DEPTH:
                return FocusSampling.depthDependent(depth, slices);
            case POWER_INVERSE:
                return FocusSampling.powerInverse(slices, rng);
            case FIXED:
                return fixedFocus.clone();
            case MIX:
            default:
                return FocusSampling.trainingMix(depth, slices, rng);
        }
    }

    @Override
    public String toString() {
        return "scenes=" + scenes + " slices=" + slices + " size=" + width + "x" + height + " seed=" + seed
                + " scene=" + sceneKind.key() + " psf=" + psf + (psf.startsWith("power") ? " p=" + p : "")
                + " kernel=" + renderer.kernelSize() + " fnumber=" + (Double.isNaN(fNumber) ? "random" : fNumber)
                + " focal_length_mm=" + (Double.isNaN(focalLengthMm) ? "random" : focalLengthMm)
                + " focus=" + focus.name().toLowerCase() + (fixedFocus == null ? "" : Arrays.toString(fixedFocus))
                + " renderer=" + renderer.kind().key() + (renderer.layered() ? " layers=" + renderer.layers() : "");
    }
}
