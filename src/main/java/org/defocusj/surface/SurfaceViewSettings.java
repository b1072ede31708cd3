package org.defocusj.surface;

import java.nio.file.Path;
import java.util.List;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * How a height field is shown in 3D ({@link SurfaceView}), and the declaration of those parameters (front ends
 * make their options and fields from {@link #PARAMETERS}; {@link #VIEW} is the output file and not part of the
 * settings). Angles are in degrees. Azimuth 0 looks from the image's bottom edge, so that at elevation 90 the view
 * is the image as ImageJ shows it; a positive azimuth moves the viewer counter-clockwise around the surface as seen
 * from above (90: from the right edge). Immutable; {@code with*} methods return validated copies.
 */
public final class SurfaceViewSettings {

    public static final int MAX_SIZE = 8192;
    public static final int MAX_SUPERSAMPLING = 4;

    public static final ParameterSpec<Path> VIEW = ParameterSpec.file("view", "3D view").placeholder("VIEW.png")
            .help("Write a rendered 3D view of the surface (orthographic, lit, with a height colour bar) as PNG");
    public static final ParameterSpec<Double> AZIMUTH = ParameterSpec.number("azimuth", "Azimuth", 30.0)
            .range(-360, 360).step(15).placeholder("DEG")
            .help("Direction the surface is viewed from, in degrees: 0 from the image's bottom edge, 90 from its right "
                    + "edge (counter-clockwise seen from above)");
    public static final ParameterSpec<Double> ELEVATION = ParameterSpec.number("elevation", "Elevation", 40.0)
            .range(1, 90).step(5).placeholder("DEG")
            .help("Angle of the view above the surface's plane, in degrees: 90 looks straight down");
    public static final ParameterSpec<Double> EXAGGERATION = ParameterSpec.number("exaggeration",
            "Vertical exaggeration", 1.0).range(0.01, 1000).step(0.5).placeholder("X")
            .help("Factor on heights in the view (1: true proportions when x, y and height have physical units)");
    public static final ParameterSpec<Integer> VIEW_SIZE = ParameterSpec.integer("view-size", "View size", 1024)
            .range(64, MAX_SIZE).step(64).placeholder("PIXELS")
            .help("Longer side of the rendered surface in pixels (the colour bar and caption are added to it)");
    public static final ParameterSpec<Integer> SUPERSAMPLING = ParameterSpec.integer("supersampling",
            "Supersampling", 2).range(1, MAX_SUPERSAMPLING).placeholder("N")
            .help("Anti-aliasing: render N x N samples per view pixel and average them (1: none)");
    public static final ParameterSpec<String> COLORS = ParameterSpec.choice("view-colors", "View colours", "auto",
            List.of("auto", "texture", "height")).placeholder("MODE")
            .help("Surface colours: texture (the all-in-focus image), height (viridis, with the colour bar) or auto "
                    + "(texture when one is given)");
    public static final ParameterSpec<Double> LIGHT_AZIMUTH = ParameterSpec.number("light-azimuth", "Light azimuth",
            null).range(-360, 360).placeholder("DEG")
            .help("Direction the light comes from, in degrees as for the azimuth (default: 45 degrees to the "
                    + "viewer's left, so it follows the view)");
    public static final ParameterSpec<Double> LIGHT_ELEVATION = ParameterSpec.number("light-elevation",
            "Light elevation", 45.0).range(0, 90).placeholder("DEG")
            .help("Angle of the light above the surface's plane, in degrees");

    /** The settings' parameters, in the order front ends show them (without the output {@link #VIEW}). */
    public static final List<ParameterSpec<?>> PARAMETERS = List.of(AZIMUTH, ELEVATION, EXAGGERATION, VIEW_SIZE,
            SUPERSAMPLING, COLORS, LIGHT_AZIMUTH, LIGHT_ELEVATION);

    /** Share of the light that reaches every visible point whatever its slope, so that no face is black. */
    static final double DEFAULT_AMBIENT = 0.3;

    private final double azimuth;
    private final double elevation;
    private final double exaggeration;
    private final int size;
    private final int supersampling;
    private final String colors;
    private final double lightAzimuth;
    private final double lightElevation;
    private final double ambient;

    private SurfaceViewSettings(double azimuth, double elevation, double exaggeration, int size, int supersampling,
            String colors, double lightAzimuth, double lightElevation, double ambient) {
        if (!Double.isFinite(azimuth)) {
            throw BadInputException.forParameter(AZIMUTH.id(), "expected a finite angle in degrees, got " + azimuth);
        }
        if (!(elevation > 0 && elevation <= 90)) {
            throw BadInputException.forParameter(ELEVATION.id(), "expected an angle above 0 and at most 90 degrees, "
                    + "got " + elevation);
        }
        if (!(exaggeration > 0) || Double.isInfinite(exaggeration)) {
            throw BadInputException.forParameter(EXAGGERATION.id(), "expected a positive factor, got " + exaggeration);
        }
        if (size < 16 || size > MAX_SIZE) {
            throw BadInputException.forParameter(VIEW_SIZE.id(), "expected 16 to " + MAX_SIZE + " pixels, got " + size);
        }
        if (supersampling < 1 || supersampling > MAX_SUPERSAMPLING) {
            throw BadInputException.forParameter(SUPERSAMPLING.id(), "expected 1 to " + MAX_SUPERSAMPLING + ", got "
                    + supersampling);
        }
        if (!Double.isNaN(lightAzimuth) && Double.isInfinite(lightAzimuth)) {
            throw BadInputException.forParameter(LIGHT_AZIMUTH.id(), "expected a finite angle, got " + lightAzimuth);
        }
        if (!(lightElevation >= 0 && lightElevation <= 90)) {
            throw BadInputException.forParameter(LIGHT_ELEVATION.id(), "expected 0 to 90 degrees, got "
                    + lightElevation);
        }
        if (!(ambient >= 0 && ambient <= 1)) {
            throw new IllegalArgumentException("ambient light must be in [0, 1], got " + ambient);
        }
        this.azimuth = azimuth;
        this.elevation = elevation;
        this.exaggeration = exaggeration;
        this.size = size;
        this.supersampling = supersampling;
        this.colors = COLORS.convert(colors);
        this.lightAzimuth = lightAzimuth;
        this.lightElevation = lightElevation;
        this.ambient = ambient;
    }

    public static SurfaceViewSettings defaults() {
        return new SurfaceViewSettings(AZIMUTH.defaultValue(), ELEVATION.defaultValue(), EXAGGERATION.defaultValue(),
                VIEW_SIZE.defaultValue(), SUPERSAMPLING.defaultValue(), COLORS.defaultValue(), Double.NaN,
                LIGHT_ELEVATION.defaultValue(), DEFAULT_AMBIENT);
    }

    /** Settings from harvested values; absent parameters take their declared defaults. */
    public static SurfaceViewSettings from(ParameterValues v) {
        SurfaceViewSettings d = defaults();
        Double lightAz = v.get(LIGHT_AZIMUTH);
        return new SurfaceViewSettings(orDefault(v.get(AZIMUTH), d.azimuth), orDefault(v.get(ELEVATION), d.elevation),
                orDefault(v.get(EXAGGERATION), d.exaggeration), v.get(VIEW_SIZE) == null ? d.size : v.get(VIEW_SIZE),
                v.get(SUPERSAMPLING) == null ? d.supersampling : v.get(SUPERSAMPLING),
                v.get(COLORS) == null ? d.colors : v.get(COLORS), lightAz == null ? Double.NaN : lightAz,
                orDefault(v.get(LIGHT_ELEVATION), d.lightElevation), d.ambient);
    }

    private static double orDefault(Double value, double fallback) {
        return value == null ? fallback : value;
    }

    public SurfaceViewSettings withAngles(double newAzimuth, double newElevation) {
        return new SurfaceViewSettings(newAzimuth, newElevation, exaggeration, size, supersampling, colors,
                lightAzimuth, lightElevation, ambient);
    }

    public SurfaceViewSettings withExaggeration(double factor) {
        return new SurfaceViewSettings(azimuth, elevation, factor, size, supersampling, colors, lightAzimuth,
                lightElevation, ambient);
    }

    public SurfaceViewSettings withSize(int pixels, int samples) {
        return new SurfaceViewSettings(azimuth, elevation, exaggeration, pixels, samples, colors, lightAzimuth,
                lightElevation, ambient);
    }

    /** @param mode auto, texture or height */
    public SurfaceViewSettings withColors(String mode) {
        return new SurfaceViewSettings(azimuth, elevation, exaggeration, size, supersampling, mode, lightAzimuth,
                lightElevation, ambient);
    }

    /** @param lightAz NaN for the default that follows the view */
    public SurfaceViewSettings withLight(double lightAz, double lightEl, double ambientShare) {
        return new SurfaceViewSettings(azimuth, elevation, exaggeration, size, supersampling, colors, lightAz,
                lightEl, ambientShare);
    }

    public double azimuth() {
        return azimuth;
    }

    public double elevation() {
        return elevation;
    }

    public double exaggeration() {
        return exaggeration;
    }

    public int size() {
        return size;
    }

    public int supersampling() {
        return supersampling;
    }

    /** auto, texture or height. */
    public String colors() {
        return colors;
    }

    /** The light's azimuth in degrees: as given, or 45 degrees to the viewer's left. */
    public double lightAzimuth() {
        return Double.isNaN(lightAzimuth) ? azimuth - 45 : lightAzimuth;
    }

    public double lightElevation() {
        return lightElevation;
    }

    public double ambient() {
        return ambient;
    }
}
