package org.defocusj.ij1;

import org.defocusj.command.EvaluateDepthCommand;

/** Menu entry Plugins &gt; DefocusJ &gt; Evaluate Depth Map (plugins.config): the dialog and macro keys of {@link EvaluateDepthCommand}. */
public final class EvaluateDepthPlugin extends CommandBridge {

    public EvaluateDepthPlugin() {
        super(EvaluateDepthCommand.class);
    }
}
