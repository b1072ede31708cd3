package org.defocusj.depth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import org.defocusj.BadInputException;
import org.defocusj.param.ParameterSpec;

/**
 * The registered depth methods, found with {@link ServiceLoader}, highest {@link DepthMethod#priority()} first
 * (DefocusJ's own: {@code dff}, then {@code fossa}). A new method is a class implementing {@link DepthMethod} plus one line in
 * {@code META-INF/services/org.defocusj.depth.DepthMethod}.
 */
public final class DepthMethods {

    /** The id of the method parameter. */
    public static final String METHOD = "method";
    /** The method when none is chosen. */
    public static final String DEFAULT_METHOD = "dff";

    /** Worker threads of an estimation; front ends that have their own setting (Fiji's) do not show it. */
    public static final ParameterSpec<Integer> THREADS = ParameterSpec.integer("threads", "Threads", null)
            .help("Worker threads. Default: all processors");

    private DepthMethods() {
    }

    /** Every registered method, one per key, highest priority first. */
    public static List<DepthMethod> all() {
        Map<String, DepthMethod> byKey = new LinkedHashMap<>();
        for (DepthMethod m : ServiceLoader.load(DepthMethod.class, DepthMethods.class.getClassLoader())) {
            byKey.putIfAbsent(m.key(), m);
        }
        List<DepthMethod> sorted = new ArrayList<>(byKey.values());
        sorted.sort(Comparator.comparingDouble(DepthMethod::priority).reversed());
        return Collections.unmodifiableList(sorted);
    }

    /** The keys of every registered method, highest priority first. */
    public static List<String> keys() {
        return all().stream().map(DepthMethod::key).collect(Collectors.toList());
    }

    /**
     * The method called {@code key} (case and surrounding spaces ignored).
     *
     * @throws BadInputException naming {@link #METHOD} for an unknown key
     */
    public static DepthMethod find(String key) {
        String wanted = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        List<DepthMethod> all = all();
        for (DepthMethod m : all) {
            if (m.key().equals(wanted)) {
                return m;
            }
        }
        throw BadInputException.forParameter(METHOD, "unknown method '" + key + "' (expected "
                + String.join(" or ", keys()) + ")");
    }

    /** The method parameter: one of the registered methods, each described in the help text. */
    public static ParameterSpec<String> parameter() {
        return ParameterSpec.choice(METHOD, "Method", DEFAULT_METHOD, keys()).placeholder("NAME")
                .help("Depth method: " + all().stream().map(m -> m.key() + " (" + m.description() + ")")
                        .collect(Collectors.joining("; ")));
    }

    /**
     * The parameters of every method, each once (methods may share one, as FOSSA shares depth from focus's for
     * its confidence map), highest priority first.
     */
    public static List<ParameterSpec<?>> allParameters() {
        Map<String, ParameterSpec<?>> byId = new LinkedHashMap<>();
        for (DepthMethod m : all()) {
            for (ParameterSpec<?> p : m.parameters()) {
                byId.putIfAbsent(p.id(), p);
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(byId.values()));
    }
}
