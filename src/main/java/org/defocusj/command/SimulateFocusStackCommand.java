package org.defocusj.command;

import ij.ImagePlus;
import ij.Prefs;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;
import org.defocusj.io.ImageInputs;
import org.defocusj.psf.Psf;
import org.defocusj.psf.RendererSettings;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusDistances;
import org.defocusj.synth.SimulationOptics;
import org.defocusj.synth.StackSimulation;

/**
 * Renders a focus stack from an all-in-focus image and its depth map (as {@code defocusj simulate}): one
 * slice per focus distance, slice labels {@code focus=<d> <unit>}, so that Depth from Focus reads the
 * distances back with 'auto'.
 */
@Plugin(type = Command.class, label = "Simulate Focus Stack", headless = true,
        description = "Focus stack rendered from an all-in-focus image and its depth map through camera or "
                + "microscope optics")
public final class SimulateFocusStackCommand extends DefocusCommand {

    static final String IMAGE = "Image";
    static final String DEPTH = "Depth map";
    static final String FOCUS = "Focus distances";
    static final String UNIT = "Unit";

    @Parameter(label = IMAGE, persist = false, description = "All-in-focus image: RGB or 8/16/32-bit gray, one plane")
    ImagePlus image;

    @Parameter(label = DEPTH, persist = false,
            description = "Depth (camera: distance from the lens) or height (microscope) of every pixel, in Unit; "
                    + "the same size as the image")
    ImagePlus depthMap;

    @Parameter(label = FOCUS, persist = false,
            description = "Focus distances to render, one per slice, comma-separated, in Unit (e.g. 0.8,1.7,3.0)",
            attrs = @Attr(name = PARAMETER_ID, value = "focus"))
    String focus = "";

    @Parameter(label = UNIT, persist = false, choices = {"m", "cm", "mm", "um", "nm"},
            description = "Unit of the depth map and the focus distances",
            attrs = @Attr(name = PARAMETER_ID, value = "unit"))
    String unit = "m";

    @Parameter(label = "Optics", persist = false, choices = {"camera", "microscope"},
            description = "camera: thin lens (F-number, focal length, sensor width); microscope: widefield (NA, "
                    + "refractive index, wavelength, magnification, camera pixel)",
            attrs = @Attr(name = PARAMETER_ID, value = "optics"))
    String optics = "camera";

    @Parameter(label = "F-number", persist = false, min = "0", description = "Camera f-number N (aperture f / N)",
            attrs = @Attr(name = PARAMETER_ID, value = "fnumber"))
    double fNumber = 2.8;

    @Parameter(label = "Focal length mm", persist = false, min = "0", description = "Camera focal length in mm",
            attrs = @Attr(name = PARAMETER_ID, value = "focal-length-mm"))
    double focalLengthMm = 50;

    @Parameter(label = "Sensor width mm", persist = false, min = "0",
            description = "Sensor width, mapped onto the image's longer edge",
            attrs = @Attr(name = PARAMETER_ID, value = "sensor-width-mm"))
    double sensorWidthMm = 36;

    @Parameter(label = "Numerical aperture", persist = false, min = "0",
            description = "Microscope objective NA (below the refractive index)",
            attrs = @Attr(name = PARAMETER_ID, value = "na"))
    double numericalAperture = 0.3;

    @Parameter(label = "Refractive index", persist = false, min = "1",
            description = "Immersion medium: 1.0 air, 1.33 water, 1.518 oil",
            attrs = @Attr(name = PARAMETER_ID, value = "refractive-index"))
    double refractiveIndex = 1.0;

    @Parameter(label = "Wavelength nm", persist = false, min = "0", description = "Emission wavelength in nm",
            attrs = @Attr(name = PARAMETER_ID, value = "wavelength-nm"))
    double wavelengthNm = 550;

    @Parameter(label = "Magnification", persist = false, min = "0",
            description = "Total magnification onto the camera",
            attrs = @Attr(name = PARAMETER_ID, value = "magnification"))
    double magnification = 10;

    @Parameter(label = "Camera pixel um", persist = false, min = "0", description = "Camera pixel pitch in µm",
            attrs = @Attr(name = PARAMETER_ID, value = "camera-pixel-um"))
    double cameraPixelUm = 6.5;

    @Parameter(label = "PSF", persist = false, choices = {"gaussian", "disk", "power-exp"},
            description = "gaussian, disk (pillbox) or power-exp (FOSSA's generalized PSF, shape p)",
            attrs = @Attr(name = PARAMETER_ID, value = "psf"))
    String psf = "gaussian";

    @Parameter(label = "PSF shape p", persist = false, min = "0",
            description = "Power-exponential shape: 2 = Gaussian, large = disk",
            attrs = @Attr(name = PARAMETER_ID, value = "p"))
    double p = 2;

    @Parameter(label = "Kernel size", persist = false, min = "3", stepSize = "2",
            description = "Odd PSF support in pixels (K x K)",
            attrs = @Attr(name = PARAMETER_ID, value = "kernel-size"))
    int kernelSize = 15;

    @Parameter(label = "Renderer", persist = false, choices = {"gather", "layered"},
            description = "gather (FOSSA's) or layered (occlusion-aware back-to-front compositing)",
            attrs = @Attr(name = PARAMETER_ID, value = "renderer"))
    String renderer = "gather";

    @Parameter(label = "Layers", persist = false, min = "1",
            description = "Depth layers of the layered renderer",
            attrs = @Attr(name = PARAMETER_ID, value = "layers"))
    int layers = 24;

    @Parameter(type = ItemIO.OUTPUT, label = "Focus stack")
    ImagePlus focusStack;

    /** The inputs of the macro extension's {@code Ext.simulate}; the others keep their defaults. */
    public void setSimulation(ImagePlus allInFocus, ImagePlus depth, String focusList, String focusUnit,
            double f, double focalMm, double sensorMm) {
        image = allInFocus;
        depthMap = depth;
        focus = focusList;
        unit = focusUnit;
        fNumber = f;
        focalLengthMm = focalMm;
        sensorWidthMm = sensorMm;
    }

    @Override
    protected void perform(ProgressListener progress) {
        ImageInputs.requirePlane(image, IMAGE, "an all-in-focus image");
        ImageInputs.requirePlane(depthMap, DEPTH, "a depth map of the same size as " + IMAGE);
        if (depthMap.getWidth() != image.getWidth() || depthMap.getHeight() != image.getHeight()) {
            throw new BadInputException(DEPTH + ": '" + depthMap.getTitle() + "' is " + depthMap.getWidth() + "x"
                    + depthMap.getHeight() + " but " + IMAGE + " '" + image.getTitle() + "' is " + image.getWidth()
                    + "x" + image.getHeight() + " (expected the same size)");
        }
        DistanceUnit u = Inputs.lengthUnit(unit, UNIT);
        DistanceUnit stored = ImageInputs.valueUnit(depthMap);
        if (stored != null && stored != u) {
            throw new BadInputException(DEPTH + ": '" + depthMap.getTitle() + "' has values in " + stored + " but "
                    + UNIT + " is " + u + " (expected the depth map in " + UNIT + ")");
        }
        if (focus == null || focus.trim().isEmpty()) {
            throw new BadInputException(FOCUS + ": empty (expected the focus distances to render, e.g. 0.8,1.7,3.0)");
        }
        FocusDistances fd = new FocusDistances(FocusDistances.parseList(focus, FOCUS), u, FOCUS);
        SimulationOptics so = parseOptics();
        StackSimulation simulation = new StackSimulation(so, Psf.parse(psf, p),
                RendererSettings.parse(renderer, kernelSize, layers), Math.max(1, Prefs.getThreads()));
        float[] d = ImageInputs.floatPixels(depthMap);
        StackSimulation.checkDepth(d, depthMap.getWidth(), u, so.isMicroscope(),
                DEPTH + " '" + depthMap.getTitle() + "'");
        focusStack = simulation.render(image, image.getTitle(), d, depthMap.getWidth(), depthMap.getTitle(), fd,
                ImageInputs.baseTitle(image) + "-focus-stack", progress);
    }

    private SimulationOptics parseOptics() {
        return SimulationOptics.parse(optics, focalLengthMm, fNumber, sensorWidthMm, numericalAperture, refractiveIndex,
                wavelengthNm, magnification, cameraPixelUm);
    }

    public ImagePlus output() {
        return focusStack;
    }
}
