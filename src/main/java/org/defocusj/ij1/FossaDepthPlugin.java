package org.defocusj.ij1;

import org.defocusj.command.FossaDepthCommand;

/** Menu entry Plugins &gt; DefocusJ &gt; FOSSA Depth (plugins.config): the dialog and macro keys of {@link FossaDepthCommand}. */
public final class FossaDepthPlugin extends CommandBridge {

    public FossaDepthPlugin() {
        super(FossaDepthCommand.class);
    }
}
