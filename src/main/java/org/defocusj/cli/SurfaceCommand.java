package org.defocusj.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.HeightMaps;
import org.defocusj.io.ProfilePlots;
import org.defocusj.io.TiffWriter;
import org.defocusj.param.ParameterValues;
import org.defocusj.surface.ArealParameters;
import org.defocusj.surface.HeightField;
import org.defocusj.surface.HeightProfile;
import org.defocusj.surface.MeshExport;
import org.defocusj.surface.MeshSettings;
import org.defocusj.surface.MeshSummary;
import org.defocusj.surface.MeshTexture;
import org.defocusj.surface.PixelRegion;
import org.defocusj.surface.StepHeight;
import org.defocusj.surface.SurfaceReport;
import org.defocusj.surface.SurfaceSettings;
import org.defocusj.surface.SurfaceView;
import org.defocusj.surface.SurfaceViewSettings;

/**
 * {@code defocusj surface}: a height map measured as a surface: form removal, areal parameters, a profile and
 * a step height, printed with their units and, with {@code --out}, written as files.
 */
@Command(name = "surface", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Measures a height map (a one-plane 32-bit TIFF such as DefocusJ's depth.tif, with its ImageJ "
                + "calibration: pixel size and unit, and the height unit): removes the form (--level, weighted by "
                + "--confidence), applies the optional Gaussian S-filter and L-filter (ISO 16610-61) and prints the "
                + "ISO 25178-2 areal parameters (--parameters; the default when nothing else is asked), a height "
                + "profile (--profile) and a step height (--steps), every value with its unit.",
            "Pixels that are NaN, or whose confidence is below --min-confidence, are left out. Without an xy "
                + "calibration, xy-dependent results (Sdq, Sdr, profile length) are in pixels, with a warning.",
            "--view FILE.png renders a 3D view of the measured surface (textured by --texture, e.g. the "
                + "all-in-focus image, or coloured by height); --mesh FILE.stl|.ply|.obj exports it as a mesh in "
                + "real units (PLY colours and an OBJ texture from --texture).",
            "With --out DIR: levelled.tif (the measured surface, calibrated), form.csv, and parameters.csv + "
                + "parameters.md, profile.csv + profile.png, steps.csv for what was asked.",
            "Exit code 0 on success, 2 for bad input (the message names the file or option; nothing is "
                + "written), 1 otherwise."})
final class SurfaceCommand implements Callable<Integer>, DeclaresOptions {

    static final String LEVELLED = "levelled.tif";
    static final String FORM = "form.csv";
    static final String PARAMETERS_CSV = "parameters.csv";
    static final String PARAMETERS_MD = "parameters.md";
    static final String PROFILE_CSV = "profile.csv";
    static final String PROFILE_PNG = "profile.png";
    static final String STEPS_CSV = "steps.csv";

    private final DeclaredOptions surface = new DeclaredOptions(SurfaceSettings.ALL);
    private final DeclaredOptions view = new DeclaredOptions(concat(List.of(SurfaceViewSettings.VIEW),
            SurfaceViewSettings.PARAMETERS));
    private final DeclaredOptions mesh = new DeclaredOptions(concat(List.of(MeshSettings.MESH, MeshSettings.TEXTURE),
            MeshSettings.PARAMETERS));

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HEIGHT.tif",
            description = "The height map: a one-plane 32-bit TIFF (NaN = no height).")
    Path height;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR",
            description = "Folder for the result files (created if needed; the files in it are replaced).")
    Path out;

    @Override
    public void declareOptions(CommandSpec command) {
        surface.addTo(command);
        view.addTo(command);
        mesh.addTo(command);
    }

    private static List<org.defocusj.param.ParameterSpec<?>> concat(List<org.defocusj.param.ParameterSpec<?>> a,
            List<org.defocusj.param.ParameterSpec<?>> b) {
        List<org.defocusj.param.ParameterSpec<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        ParameterValues v = surface.values();
        SurfaceSettings settings = SurfaceSettings.from(v);
        Path confidencePath = v.get(SurfaceSettings.CONFIDENCE);
        String profileText = v.get(SurfaceSettings.PROFILE);
        String stepsText = v.get(SurfaceSettings.STEPS);
        ParameterValues vv = view.values();
        ParameterValues mv = mesh.values();
        Path viewPath = vv.get(SurfaceViewSettings.VIEW);
        Path meshPath = mv.get(MeshSettings.MESH);
        Path texturePath = mv.get(MeshSettings.TEXTURE);
        SurfaceViewSettings viewSettings = SurfaceViewSettings.from(vv);
        MeshSettings meshSettings = MeshSettings.from(mv);
        if (meshPath != null) {
            MeshExport.format(meshPath);
        }
        boolean parameters = v.get(SurfaceSettings.PARAMETERS)
                || (profileText == null && stepsText == null && viewPath == null && meshPath == null);
        try (AtomicOutputs outputs = new AtomicOutputs()) {
            outputs.input(height, null).input(confidencePath, SurfaceSettings.CONFIDENCE.id())
                    .input(texturePath, MeshSettings.TEXTURE.id());
            HeightField field = HeightMaps.read(height, null);
            float[] confidence = confidencePath == null ? null
                    : HeightMaps.readConfidence(confidencePath, field, SurfaceSettings.CONFIDENCE.id());
            MeshTexture texture = texturePath == null ? null
                    : MeshTexture.read(texturePath, MeshSettings.TEXTURE.id())
                            .requireSize(field, MeshSettings.TEXTURE.id());
            // Geometry is checked before any file is reserved or any work is done.
            double[] line = profileText == null ? null
                    : HeightProfile.parseLine(profileText, SurfaceSettings.PROFILE.id());
            PixelRegion[] regions = null;
            if (stepsText != null) {
                regions = StepHeight.parseRegions(stepsText, SurfaceSettings.STEPS.id());
                for (PixelRegion r : regions) {
                    r.requireInside(field.width(), field.height(), SurfaceSettings.STEPS.id());
                }
            }
            Map<String, Path> temps = new LinkedHashMap<>();
            if (out != null) {
                reserve(outputs, temps, LEVELLED);
                reserve(outputs, temps, FORM);
                if (parameters) {
                    reserve(outputs, temps, PARAMETERS_CSV);
                    reserve(outputs, temps, PARAMETERS_MD);
                }
                if (line != null) {
                    reserve(outputs, temps, PROFILE_CSV);
                    reserve(outputs, temps, PROFILE_PNG);
                }
                if (regions != null) {
                    reserve(outputs, temps, STEPS_CSV);
                }
            }
            SurfaceSettings.Prepared prepared = settings.prepare(field, confidence);
            HeightField s = prepared.surface();
            HeightProfile profile = line == null ? null
                    : HeightProfile.along(s, line[0], line[1], line[2], line[3], SurfaceSettings.PROFILE.id());
            StepHeight step = regions == null ? null : StepHeight.measure(s, regions[0], regions[1],
                    settings.stepCore(), SurfaceSettings.STEPS.id(), SurfaceSettings.STEP_CORE.id());
            ArealParameters areal = parameters ? settings.parameters(prepared) : null;
            MeshExport.Mesh meshOf = meshPath == null ? null : MeshExport.prepare(s, meshSettings);

            stdout.println(String.format(java.util.Locale.ROOT, "%s: %d x %d, pixel %s x %s %s, heights in %s%s",
                    height, s.width(), s.height(), SurfaceReport.short6(s.pixelWidth()),
                    SurfaceReport.short6(s.pixelHeight()), s.xyUnit(), s.heightUnit(),
                    s.xyCalibrated() ? "" : " (xy not calibrated)"));
            if (prepared.leftOut() > 0) {
                stdout.println("left out " + prepared.leftOut() + " pixel(s) below the minimum confidence "
                        + settings.minConfidence());
            }
            stdout.println("form removed: " + prepared.form().describe());
            if (settings.sFilter() != null || settings.lFilter() != null) {
                stdout.println("filters (ISO 16610-61 Gaussian): S " + cutOff(settings.sFilter(), s) + ", L "
                        + cutOff(settings.lFilter(), s));
            }
            if (areal != null) {
                SurfaceReport.parametersLines(areal).forEach(l -> (l.startsWith("warning") ? stderr : stdout)
                        .println(l.startsWith("warning") ? "defocusj surface: " + l : l));
            }
            if (profile != null) {
                stdout.println(SurfaceReport.profileLine(profile));
            }
            if (step != null) {
                SurfaceReport.stepLines(step).forEach(stdout::println);
            }
            List<String> written = new ArrayList<>();
            if (viewPath != null) {
                SurfaceView.of(s, texture, viewSettings).write(viewPath, outputs);
                written.add(viewPath.toString());
            }
            if (meshPath != null) {
                MeshSummary m = MeshExport.write(meshOf, texture, meshPath, outputs);
                stdout.println(String.format(java.util.Locale.ROOT, "mesh: %s, %d vertices, %d triangles, %s",
                        m.format(), m.vertices(), m.triangles(), m.units()));
                m.files().forEach(f -> written.add(f.toString()));
            }
            if (out == null && !written.isEmpty()) {
                outputs.commit();
            }
            if (!written.isEmpty()) {
                stdout.println("wrote " + String.join(", ", written));
            }
            if (out != null) {
                Map<String, String> info = new LinkedHashMap<>();
                info.put("software", "DefocusJ surface");
                info.put("source", height.toAbsolutePath().toString());
                info.put("form_removed", prepared.form().describe());
                info.put("settings", settings.toString());
                TiffWriter.write(HeightMaps.toImage(s, "levelled", info), temps.get(LEVELLED));
                text(temps.get(FORM), SurfaceReport.formCsv(prepared.form()));
                if (areal != null) {
                    text(temps.get(PARAMETERS_CSV), SurfaceReport.parametersCsv(areal, height.toString()));
                    text(temps.get(PARAMETERS_MD), SurfaceReport.parametersMarkdown(areal, height.toString()));
                }
                if (profile != null) {
                    text(temps.get(PROFILE_CSV), SurfaceReport.profileCsv(profile));
                    ProfilePlots.writePng(profile, "Height profile of " + height.getFileName(),
                            temps.get(PROFILE_PNG));
                }
                if (step != null) {
                    text(temps.get(STEPS_CSV), SurfaceReport.stepsCsv(step));
                }
                outputs.commit();
                stdout.println("wrote " + String.join(", ", temps.keySet()) + " to " + out.toAbsolutePath());
            }
        }
        return 0;
    }

    private void reserve(AtomicOutputs outputs, Map<String, Path> temps, String name) {
        temps.put(name, outputs.reserve(out.resolve(name), "out"));
    }

    private static String cutOff(Double lambda, HeightField s) {
        return lambda == null ? "none" : SurfaceReport.short6(lambda) + " " + s.xyUnit();
    }

    private static void text(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
