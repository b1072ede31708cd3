package org.defocusj.command;

import java.util.List;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import org.defocusj.BadInputException;
import org.defocusj.depth.ProgressListener;
import org.defocusj.io.HeightMaps;
import org.defocusj.io.ImageInputs;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.MeshTexture;
import org.defocusj.surface.SurfaceView;
import org.defocusj.surface.SurfaceViewSettings;

/**
 * A rendered 3D view of a height map (orthographic, lit, vertical exaggeration, colour bar or texture) as a new RGB
 * image: {@link SurfaceView}, as {@code defocusj surface --view} writes it.
 */
@Plugin(type = Command.class, label = "3D Surface View", headless = true,
        description = "Rendered 3D view of a height map, textured with the all-in-focus image or coloured by height")
public final class SurfaceViewCommand extends DefocusCommand {

    @Parameter(label = "Height map", persist = false,
            description = "32-bit height map, one plane (e.g. the depth image of a z-sweep); NaN pixels are left out")
    ImagePlus heightMap;

    @Parameter(label = "Texture", required = false, persist = false, description = "Image that colours the surface, "
            + "usually the all-in-focus image of the same stack (same size; RGB or grey); *None* colours it by height")
    ImagePlus texture;

    @Parameter(type = ItemIO.OUTPUT, label = "3D view")
    ImagePlus view;

    private static final List<Object> LAYOUT = slots("heightMap", "texture", SurfaceViewSettings.PARAMETERS);

    @Override
    public List<Object> layout() {
        return LAYOUT;
    }

    @Override
    protected void perform(ProgressListener progress) {
        SurfaceViewSettings settings = SurfaceViewSettings.from(values());
        HeightField field = heightField(heightMap, "height-map");
        MeshTexture colours = texture == null ? null : MeshTexture.of(texture, "texture");
        progress.progress(0, 1, "rendering " + heightMap.getTitle());
        ImagePlus out = SurfaceView.of(field, colours, settings).toImagePlus(ImageInputs.baseTitle(heightMap) + "-3d");
        progress.progress(1, 1, "rendered " + heightMap.getTitle());
        view = out;
    }

    /**
     * A one-plane 32-bit image as a height field: the Fiji field's own messages for the wrong kind of image, then
     * the calibration read as every surface command reads it.
     */
    static HeightField heightField(ImagePlus imp, String parameter) {
        ImageInputs.requirePlane(imp, parameter, "a 32-bit height map");
        if (imp.getBitDepth() != 32) {
            throw BadInputException.forParameter(parameter, "'" + imp.getTitle() + "' is a " + (imp.getBitDepth() == 24
                    ? "RGB" : imp.getBitDepth() + "-bit") + " image (expected a 32-bit height map, e.g. a depth image)");
        }
        try {
            return HeightMaps.fromImage(imp, "'" + imp.getTitle() + "'");
        } catch (BadInputException e) {
            throw BadInputException.forParameter(parameter, e);
        }
    }

    /** The view of the last successful run; null before. */
    ImagePlus view() {
        return view;
    }
}
