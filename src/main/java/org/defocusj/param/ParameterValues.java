package org.defocusj.param;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values of declared parameters by id, as a front end harvested them. A parameter that is absent takes its
 * declared default, so front ends pass only what the user set (or everything; either works).
 */
public final class ParameterValues {

    /** No values: every parameter takes its default. */
    public static final ParameterValues DEFAULTS = new ParameterValues(Collections.emptyMap());

    private final Map<String, Object> values;

    private ParameterValues(Map<String, Object> values) {
        this.values = values;
    }

    /** Values by parameter id, converted when read. */
    public static ParameterValues of(Map<String, ?> byId) {
        return new ParameterValues(Collections.unmodifiableMap(new LinkedHashMap<>(byId)));
    }

    /** A copy with {@code p} set to {@code value}. */
    public <T> ParameterValues with(ParameterSpec<T> p, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.put(p.id(), value);
        return new ParameterValues(Collections.unmodifiableMap(m));
    }

    /** The value of {@code p}, converted to its type; its default when absent or null. */
    public <T> T get(ParameterSpec<T> p) {
        T v = p.convert(values.get(p.id()));
        return v == null ? p.defaultValue() : v;
    }

    /** Whether a value (not null) was given for {@code p}. */
    public boolean has(ParameterSpec<?> p) {
        return values.get(p.id()) != null;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
