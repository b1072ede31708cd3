package org.defocusj.fossa;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Locale;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

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

    /**
     * Parses and validates the metadata; errors name the model file. Every key must have its JSON type (a number
     * given as a string, an integer given as 8.5 or [8], a boolean given as "yes" are refused, never converted),
     * since a silently converted value would run the network with settings it was not exported with.
     */
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
        Fields f = new Fields(source);
        if (o.has("format")) {
            String format = f.string(o, "format", "format");
            if (!"defocusj-fossa".equals(format)) {
                throw new BadInputException(source + ": metadata format '" + format + "' is not defocusj-fossa "
                        + "(expected a model exported by scripts/export_fossa.py)");
            }
        }
        int version = (int) f.integer(o, "format_version", "format_version", Integer.MAX_VALUE);
        if (version < 1 || version > MAX_FORMAT_VERSION) {
            throw new BadInputException(source + ": metadata format_version " + version + " is not supported by this "
                    + "DefocusJ (expected 1.." + MAX_FORMAT_VERSION + "; re-export with this version's export_fossa.py)");
        }
        String encoder = f.string(o, "encoder", "encoder");
        int maxStack = (int) f.integer(o, "max_stack", "max_stack", Integer.MAX_VALUE);
        String normKey = o.has("normalization") ? "normalization" : "normalisation";
        JsonObject norm = f.object(o, normKey);
        float[] mean = f.rgb(norm, "mean", normKey + ".mean", false);
        float[] std = f.rgb(norm, "std", normKey + ".std", true);
        boolean inside = !norm.has("applied_inside_model")
                || f.bool(norm, "applied_inside_model", normKey + ".applied_inside_model");
        String paramsKey = o.has("parameter_count") ? "parameter_count" : o.has("parameters") ? "parameters" : null;
        long params = paramsKey == null ? -1 : f.integer(o, paramsKey, paramsKey, Long.MAX_VALUE);
        if (maxStack < 1) {
            throw new BadInputException(source + ": " + ENTRY + " max_stack is " + maxStack + " (expected at least 1)");
        }
        if (params < -1) {
            throw new BadInputException(source + ": " + ENTRY + " " + paramsKey + " is " + params
                    + " (expected a count of parameters, at least 0)");
        }
        return new FossaModelInfo(o, encoder, version, maxStack, mean, std, params, inside);
    }

    /** Typed reads of metadata keys; a missing key or a value of another JSON type names the file and the key. */
    private static final class Fields {
        private final Path source;

        Fields(Path source) {
            this.source = source;
        }

        private JsonElement get(JsonObject o, String key, String path) {
            if (!o.has(key) || o.get(key).isJsonNull()) {
                throw new BadInputException(source + ": " + ENTRY + " lacks '" + path + "' (expected metadata written "
                        + "by scripts/export_fossa.py)");
            }
            return o.get(key);
        }

        private BadInputException wrongType(String path, JsonElement value, String expected) {
            String shown = value.toString();
            if (shown.length() > 60) {
                shown = shown.substring(0, 57) + "...";
            }
            return new BadInputException(source + ": " + ENTRY + " '" + path + "' is " + typeOf(value) + " " + shown
                    + " (expected " + expected + ")");
        }

        String string(JsonObject o, String key, String path) {
            JsonElement e = get(o, key, path);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw wrongType(path, e, "a string");
            }
            return e.getAsString();
        }

        boolean bool(JsonObject o, String key, String path) {
            JsonElement e = get(o, key, path);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
                throw wrongType(path, e, "true or false");
            }
            return e.getAsBoolean();
        }

        JsonObject object(JsonObject o, String key) {
            JsonElement e = get(o, key, key);
            if (!e.isJsonObject()) {
                throw wrongType(key, e, "an object");
            }
            return e.getAsJsonObject();
        }

        /** A whole number no larger than {@code max} ({@code 8} or {@code 8.0}; not {@code 8.5}, "8" or [8]). */
        long integer(JsonObject o, String key, String path, long max) {
            JsonElement e = get(o, key, path);
            if (!isNumber(e)) {
                throw wrongType(path, e, "an integer");
            }
            BigDecimal v = e.getAsBigDecimal();
            if (v.signum() != 0 && v.stripTrailingZeros().scale() > 0) {
                throw wrongType(path, e, "an integer");
            }
            if (v.compareTo(BigDecimal.valueOf(max)) > 0 || v.compareTo(BigDecimal.valueOf(-max)) < 0) {
                throw wrongType(path, e, "an integer of at most " + max);
            }
            return v.longValueExact();
        }

        /** Three finite numbers (R, G, B); positive ones for a standard deviation. */
        float[] rgb(JsonObject o, String key, String path, boolean positive) {
            JsonElement e = get(o, key, path);
            String expected = "an array of 3 " + (positive ? "positive " : "") + "numbers (R, G, B)";
            if (!e.isJsonArray() || e.getAsJsonArray().size() != 3) {
                throw wrongType(path, e, expected);
            }
            JsonArray a = e.getAsJsonArray();
            float[] v = new float[3];
            for (int i = 0; i < 3; i++) {
                if (!isNumber(a.get(i))) {
                    throw wrongType(path, e, expected);
                }
                v[i] = a.get(i).getAsFloat();
                if (!Float.isFinite(v[i]) || positive && v[i] <= 0) {
                    throw wrongType(path, e, expected);
                }
            }
            return v;
        }

        private static boolean isNumber(JsonElement e) {
            return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
        }

        private static String typeOf(JsonElement e) {
            if (e.isJsonObject()) {
                return "an object";
            }
            if (e.isJsonArray()) {
                return "an array";
            }
            if (e.isJsonNull()) {
                return "null";
            }
            JsonPrimitive p = e.getAsJsonPrimitive();
            return p.isString() ? "a string" : p.isBoolean() ? "a boolean" : "the number";
        }
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
