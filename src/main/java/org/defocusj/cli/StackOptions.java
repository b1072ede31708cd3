package org.defocusj.cli;

import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.param.ParameterSpec;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * How the stacks given by the user are read ({@code depth}, {@code batch}): where their focus distances come
 * from, in which unit, and their focal length.
 */
final class StackOptions {

    private final DeclaredOptions options;

    StackOptions() {
        List<ParameterSpec<?>> all = new ArrayList<>(FocalLength.PARAMETERS);
        all.addAll(FocusSource.PARAMETERS);
        options = new DeclaredOptions(all);
    }

    void addTo(CommandSpec spec) {
        options.addTo(spec);
    }

    FocusSource focusSource() {
        return FocusSource.parse(options.values());
    }

    /** The focal length the user gave, or null. */
    FocalLength focalLength() {
        return FocalLength.choose(options.values());
    }
}
