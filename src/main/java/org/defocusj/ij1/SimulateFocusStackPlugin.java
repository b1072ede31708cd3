package org.defocusj.ij1;

import org.defocusj.command.SimulateFocusStackCommand;

/** Menu entry Plugins &gt; DefocusJ &gt; Simulate Focus Stack (plugins.config): the dialog and macro keys of {@link SimulateFocusStackCommand}. */
public final class SimulateFocusStackPlugin extends CommandBridge {

    public SimulateFocusStackPlugin() {
        super(SimulateFocusStackCommand.class);
    }
}
