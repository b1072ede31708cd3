package org.defocusj.ij1;

import org.defocusj.command.DepthFromFocusCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Depth from Focus (plugins.config): its dialog and macro keys are the
 * {@code @Parameter} fields of {@link DepthFromFocusCommand}, which it runs.
 */
public final class DepthFromFocusPlugin extends CommandBridge {

    public DepthFromFocusPlugin() {
        super(DepthFromFocusCommand.class);
    }
}
