package org.defocusj.cli;

import picocli.CommandLine.Model.CommandSpec;

import org.defocusj.depth.MethodSetup;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;

/**
 * The options of commands that estimate depth of stacks given by the user ({@code depth}, {@code batch}): the
 * method ({@link MethodOptions}) and how the stacks are read ({@link StackOptions}), checked against each other
 * before anything slow happens.
 */
final class EstimationOptions {

    private final MethodOptions method = new MethodOptions();
    private final StackOptions stacks = new StackOptions();

    void addTo(CommandSpec spec) {
        method.addTo(spec);
        stacks.addTo(spec);
    }

    /** The --threads value, or null when not given. */
    Integer threads() {
        return method.threads();
    }

    /** The chosen method, after checking that the stacks will give it what it needs. */
    MethodSetup method() {
        MethodSetup setup = method.setup();
        setup.checkStackOptions(focusSource(), focalLength());
        return setup;
    }

    FocusSource focusSource() {
        return stacks.focusSource();
    }

    /** The focal length the user gave, or null. */
    FocalLength focalLength() {
        return stacks.focalLength();
    }
}
