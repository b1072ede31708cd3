package org.defocusj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * Command-line options made from declared parameters: {@code --id}, the declared help, default and choices.
 * Values are taken as text and converted by the declaration, so a bad value gets the same message on the
 * command line as in Fiji (naming {@code --id}, exit code 2).
 */
final class DeclaredOptions {

    private final List<ParameterSpec<?>> parameters;
    private final Map<String, OptionSpec> options = new LinkedHashMap<>();
    /** Defaults that differ from the declared ones for this command, by id. */
    private final Map<String, Object> defaults;

    DeclaredOptions(List<? extends ParameterSpec<?>> parameters) {
        this(parameters, Map.of());
    }

    DeclaredOptions(List<? extends ParameterSpec<?>> parameters, Map<String, Object> defaults) {
        this.parameters = new ArrayList<>(parameters);
        this.defaults = defaults;
    }

    /** Adds the options to a command, in declaration order, after its own. */
    void addTo(CommandSpec command) {
        for (ParameterSpec<?> p : parameters) {
            OptionSpec o = option(p, defaults.containsKey(p.id()) ? defaults.get(p.id()) : p.defaultValue());
            command.addOption(o);
            options.put(p.id(), o);
        }
    }

    private static OptionSpec option(ParameterSpec<?> p, Object defaultValue) {
        OptionSpec.Builder b = OptionSpec.builder("--" + p.id());
        StringBuilder help = new StringBuilder(p.help());
        if (help.length() > 0 && help.charAt(help.length() - 1) != '.') {
            help.append('.');
        }
        if (p.kind() == ParameterSpec.Kind.FLAG) {
            return b.type(boolean.class).arity("0").description(help.toString()).build();
        }
        b.type(String.class).arity("1").paramLabel(p.placeholder());
        if (p.choices() != null) {
            b.completionCandidates(p.choices());
            help.append(" One of: ${COMPLETION-CANDIDATES}.");
        }
        if (defaultValue != null) {
            b.defaultValue(String.valueOf(defaultValue));
            help.append(" Default: ${DEFAULT-VALUE}.");
        }
        return b.description(help.toString().trim()).build();
    }

    /** The parsed values by parameter id (absent options are absent, so declared defaults apply). */
    ParameterValues values() {
        Map<String, Object> byId = new LinkedHashMap<>();
        for (Map.Entry<String, OptionSpec> e : options.entrySet()) {
            Object v = e.getValue().getValue();
            if (v != null) {
                byId.put(e.getKey(), v);
            }
        }
        return ParameterValues.of(byId);
    }
}
