package org.defocusj.ij1;

import org.defocusj.command.EvaluateDepthCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Evaluate Depth Map (plugins.config): its dialog and macro keys are the
 * {@code @Parameter} fields of {@link EvaluateDepthCommand}, which it runs.
 */
public final class EvaluateDepthPlugin extends CommandBridge {

    public EvaluateDepthPlugin() {
        super(EvaluateDepthCommand.class);
    }
}
