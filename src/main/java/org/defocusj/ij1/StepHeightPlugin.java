package org.defocusj.ij1;

import org.defocusj.command.StepHeightCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Step Height (plugins.config): its dialog and macro keys are the
 * inputs of {@link StepHeightCommand}, which it runs.
 */
public final class StepHeightPlugin extends CommandBridge {

    public StepHeightPlugin() {
        super(StepHeightCommand.class);
    }
}
