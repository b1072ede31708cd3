package org.defocusj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.align.AlignModel;
import org.defocusj.align.AlignSettings;
import org.defocusj.depth.DepthMethods;
import org.defocusj.depth.MethodSetup;
import org.defocusj.param.ParameterSpec;
import org.defocusj.param.ParameterValues;

/**
 * The method options of every command that estimates depth ({@code depth}, {@code batch}, {@code benchmark
 * zedd}): {@code --method} (any registered method), every method's declared parameters, the alignment of the
 * stacks, and {@code --threads}.
 */
final class MethodOptions {

    private final DeclaredOptions options;

    MethodOptions() {
        this(AlignModel.AUTO);
    }

    /** @param align the alignment when none is chosen (ZEDD's stacks are aligned already: off) */
    MethodOptions(AlignModel align) {
        List<ParameterSpec<?>> all = new ArrayList<>();
        all.add(DepthMethods.parameter());
        all.addAll(DepthMethods.allParameters());
        all.addAll(AlignSettings.PARAMETERS);
        all.add(DepthMethods.THREADS);
        options = new DeclaredOptions(all, Map.of(AlignSettings.ALIGN.id(), align.key()));
    }

    void addTo(CommandSpec spec) {
        options.addTo(spec);
    }

    ParameterValues values() {
        return options.values();
    }

    /** The chosen method with its settings (and --threads when given). */
    MethodSetup setup() {
        MethodSetup m = MethodSetup.of(values());
        Integer threads = threads();
        return threads == null ? m : m.withThreads(threads);
    }

    /** The --threads value, or null when not given. */
    Integer threads() {
        return values().get(DepthMethods.THREADS);
    }
}
