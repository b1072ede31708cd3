package org.defocusj.ij1;

import org.defocusj.command.SimulateFocusStackCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Simulate Focus Stack (plugins.config): its dialog and macro keys are the
 * {@code @Parameter} fields of {@link SimulateFocusStackCommand}, which it runs.
 */
public final class SimulateFocusStackPlugin extends CommandBridge {

    public SimulateFocusStackPlugin() {
        super(SimulateFocusStackCommand.class);
    }
}
