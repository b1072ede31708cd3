package org.defocusj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.io.FileSaver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;

/**
 * A FOSSA model whose metadata has a value of the wrong JSON type, or whose network returns the wrong shape: exit 2,
 * one line naming the model, the key (or the shapes) and what was expected; the stack and model untouched and
 * nothing written.
 */
class FossaModelBadInputTest {

    @TempDir
    Path dir;

    private Path stack() {
        Path tif = dir.resolve("stack.tif");
        if (!Files.exists(tif)) {
            new FileSaver(TestStacks.randomBytes(16, 12, 3, 3)).saveAsTiffStack(tif.toString());
        }
        return tif;
    }

    /** The trivial test model with {@code key} (a dotted path for nested keys) set to {@code json}. */
    private Path modelWith(String key, String json) throws IOException {
        Path source = TestStacks.testModel(dir, "trivial-with-metadata.pt");
        Path model = dir.resolve(key.replace('.', '-') + ".pt");
        try (ZipFile zip = new ZipFile(source.toFile()); OutputStream os = Files.newOutputStream(model);
                ZipOutputStream out = new ZipOutputStream(os)) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                byte[] bytes;
                try (InputStream in = zip.getInputStream(e)) {
                    bytes = in.readAllBytes();
                }
                if (e.getName().endsWith("/extra/defocusj.json")) {
                    JsonObject meta = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8))
                            .getAsJsonObject();
                    JsonObject holder = meta;
                    String[] path = key.split("\\.");
                    for (int i = 0; i < path.length - 1; i++) {
                        holder = holder.getAsJsonObject(path[i]);
                    }
                    JsonElement value = JsonParser.parseString(json);
                    holder.add(path[path.length - 1], value);
                    bytes = meta.toString().getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        return model;
    }

    private void assertRefused(Path model, String... expected) throws IOException {
        Path stack = stack();
        Untouched untouched = Untouched.of(stack, model);
        Path out = dir.resolve("out");
        CliRun r = CliRun.of("depth", stack.toString(), "--method", "fossa", "--model", model.toString(),
                "--focus", "1,2,3", "--focal-length-px", "500", "--out", out.resolve("d.tif").toString(),
                "--confidence", out.resolve("c.tif").toString(), "--quiet");
        String[] all = new String[expected.length + 1];
        all[0] = model.toString();
        System.arraycopy(expected, 0, all, 1, expected.length);
        r.assertBadInput("depth", all);
        untouched.check();
        assertFalse(Files.exists(out), "nothing written: " + out);
        Untouched.assertNoHiddenFiles(dir);
    }

    private void assertInfoRefused(Path model, String... expected) {
        CliRun r = CliRun.of("model", "info", model.toString());
        String[] all = new String[expected.length + 1];
        all[0] = model.toString();
        System.arraycopy(expected, 0, all, 1, expected.length);
        r.assertBadInput("model info", all);
    }

    @Test
    void formatGivenAsAnObject() throws IOException {
        Path m = modelWith("format", "{}");
        assertRefused(m, "'format' is an object {}", "expected a string");
        assertInfoRefused(m, "'format'", "expected a string");
    }

    @Test
    void everyValueOfTheWrongTypeIsNamedWithTheTypeExpected() throws IOException {
        String[][] cases = {
            // key, its JSON value, what the message says of it, what it says was expected
            {"encoder", "{\"name\": \"vits\"}", "'encoder' is an object", "expected a string"},
            {"max_stack", "8.5", "'max_stack' is the number 8.5", "expected an integer"},
            {"max_stack", "[8]", "'max_stack' is an array [8]", "expected an integer"},
            {"max_stack", "\"8\"", "'max_stack' is a string \"8\"", "expected an integer"},
            {"max_stack", "1e12", "'max_stack'", "expected an integer of at most"},
            {"format_version", "\"1\"", "'format_version' is a string", "expected an integer"},
            {"normalisation", "[1, 2]", "'normalisation' is an array", "expected an object"},
            {"normalisation.mean", "[\"a\", 0.4, 0.4]", "'normalisation.mean'", "expected an array of 3 numbers"},
            {"normalisation.std", "{\"r\": 1}", "'normalisation.std' is an object", "3 positive numbers"},
            {"normalisation.std", "[0.2, 0, 0.2]", "'normalisation.std'", "3 positive numbers"},
            {"normalisation.applied_inside_model", "\"yes\"", "'normalisation.applied_inside_model' is a string "
                + "\"yes\"", "expected true or false"},
            {"parameter_count", "\"many\"", "'parameter_count' is a string", "expected an integer"},
            {"parameter_count", "true", "'parameter_count' is a boolean", "expected an integer"},
        };
        for (String[] c : cases) {
            assertRefused(modelWith(c[0], c[1]), c[2], c[3]);
        }
    }

    @Test
    void correctTypesStillLoad() throws IOException {
        Path m = modelWith("max_stack", "4.0");
        CliRun r = CliRun.of("model", "info", m.toString());
        assertEquals(0, r.code, r::toString);
    }

    @Test
    void wrongOutputShapeNamesTheModelAndBothShapes() throws IOException {
        // One map per slice, (1, 3, 12, 16), instead of one depth map (1, 12, 16).
        Path m = TestStacks.testModel(dir, "trivial-wrong-shape.pt");
        assertRefused(m, "model returned shape (1, 3, 12, 16)", "expected (1, 12, 16)");
    }
}
