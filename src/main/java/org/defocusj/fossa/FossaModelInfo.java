package org.defocusj.fossa;

import java.nio.file.Path;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.defocusj.BadInputException;

/**
 * The metadata scripts/export_fossa.py embeds in every exported TorchScript file (extra file
 * {@value #ENTRY}): what the network is and how its inputs and outputs must be treated.
 */
public final class FossaModelInfo {

    /** Name of the extra file inside the TorchScript archive. */
    public static final String ENTRY = "defocusj.json";
    /** Metadata format versions this build understands. */
    public static final int MAX_FORMAT_VERSION = 1;

    private final JsonObject json;
    private final String encoder;
    private final int formatVersion;
    private final int maxStack;
    private final float[] mean;
    private final float[] std;
    private final long parameters;
    private final boolean normalisedInside;

    private FossaModelInfo(JsonObject json, String encoder, int formatVersion, int maxStack, float[] mean,
            float[] std, long parameters, boolean normalisedInside) {
        this.json = json;
        this.encoder = encoder;
        this.formatVersion = formatVersion;
        this.maxStack = maxStack;
        this.mean = mean;
        this.std = std;
        this.parameters = parameters;
        this.normalisedInside = normalisedInside;
    }

    /** Parses and validates the metadata; errors name the model file. */
    public static FossaModelInfo parse(String text, Path source) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new BadInputException(source + ": " + ENTRY + " is not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new BadInputException(source + ": " + ENTRY + " is not valid JSON (" + e.getMessage() + ")", e);
        }
        if (o.has("format") && !"defocusj-fossa".equals(o.get("format").getAsString())) {
            throw new BadInputException(source + ": metadata format '" + o.get("format").getAsString()
                    + "' is not defocusj-fossa (expected a model exported by scripts/export_fossa.py)");
        }
        int version = intField(o, "format_version", source);
        if (version < 1 || version > MAX_FORMAT_VERSION) {
            throw new BadInputException(source + ": metadata format_version " + version + " is not supported by this "
                    + "DefocusJ (expected 1.." + MAX_FORMAT_VERSION + "; re-export with this version's export_fossa.py)");
        }
        String encoder = stringField(o, "encoder", source);
        int maxStack = intField(o, "max_stack", source);
        JsonObject norm = objectField(o, o.has("normalization") ? "normalization" : "normalisation", source);
        float[] mean = floats(norm, "mean", source);
        float[] std = floats(norm, "std", source);
        boolean inside = !norm.has("applied_inside_model") || norm.get("applied_inside_model").getAsBoolean();
        long params = o.has("parameter_count") ? o.get("parameter_count").getAsLong()
                : o.has("parameters") ? o.get("parameters").getAsLong() : -1;
        if (maxStack < 1) {
            throw new BadInputException(source + ": " + ENTRY + " max_stack is " + maxStack + " (expected at least 1)");
        }
        return new FossaModelInfo(o, encoder, version, maxStack, mean, std, params, inside);
    }

    private static JsonElement field(JsonObject o, String key, Path source) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            throw new BadInputException(source + ": " + ENTRY + " lacks '" + key + "' (expected metadata written by "
                    + "scripts/export_fossa.py)");
        }
        return o.get(key);
    }

    private static int intField(JsonObject o, String key, Path source) {
        try {
            return field(o, key, source).getAsInt();
        } catch (RuntimeException e) {
            if (e instanceof BadInputException) {
                throw e;
            }
            throw new BadInputException(source + ": " + ENTRY + " field '" + key + "' is not an integer");
        }
    }

    private static String stringField(JsonObject o, String key, Path source) {
        return field(o, key, source).getAsString();
    }

    private static JsonObject objectField(JsonObject o, String key, Path source) {
        JsonElement e = field(o, key, source);
        if (!e.isJsonObject()) {
            throw new BadInputException(source + ": " + ENTRY + " field '" + key + "' is not an object");
        }
        return e.getAsJsonObject();
    }

    private static float[] floats(JsonObject o, String key, Path source) {
        JsonElement e = field(o, key, source);
        if (!e.isJsonArray() || e.getAsJsonArray().size() != 3) {
            throw new BadInputException(source + ": " + ENTRY + " normalisation." + key + " must be 3 numbers (RGB)");
        }
        JsonArray a = e.getAsJsonArray();
        return new float[] {a.get(0).getAsFloat(), a.get(1).getAsFloat(), a.get(2).getAsFloat()};
    }

    public String encoder() {
        return encoder;
    }

    public int formatVersion() {
        return formatVersion;
    }

    /** Largest number of focus slices the model accepts. */
    public int maxStack() {
        return maxStack;
    }

    /** Per-channel mean subtracted from RGB in [0, 1]. */
    public float[] mean() {
        return mean.clone();
    }

    /** Per-channel standard deviation dividing RGB in [0, 1]. */
    public float[] std() {
        return std.clone();
    }

    /**
     * True if the network normalises RGB in [0, 1] itself (DefocusJ's exports do); otherwise the caller
     * applies {@code (rgb - mean) / std}.
     */
    public boolean normalisedInside() {
        return normalisedInside;
    }

    /** Number of parameters, or -1 if not recorded. */
    public long parameters() {
        return parameters;
    }

    /** The whole metadata, pretty-printed, for {@code defocusj model info}. */
    public String toJson() {
        return new com.google.gson.GsonBuilder().setPrettyPrinting().create().toJson(json);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "FOSSA %s (%s parameters, up to %d slices)", encoder,
                parameters < 0 ? "?" : String.format(Locale.ROOT, "%,d", parameters), maxStack);
    }
}
