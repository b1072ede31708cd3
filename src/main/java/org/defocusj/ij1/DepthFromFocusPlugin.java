package org.defocusj.ij1;

import org.defocusj.command.DepthFromFocusCommand;

/** Menu entry Plugins &gt; DefocusJ &gt; Depth from Focus (plugins.config): the dialog and macro keys of {@link DepthFromFocusCommand}. */
public final class DepthFromFocusPlugin extends CommandBridge {

    public DepthFromFocusPlugin() {
        super(DepthFromFocusCommand.class);
    }
}
