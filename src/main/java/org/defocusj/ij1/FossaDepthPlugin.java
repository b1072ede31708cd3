package org.defocusj.ij1;

import org.defocusj.command.FossaDepthCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; FOSSA Depth (plugins.config): its dialog and macro keys are the
 * {@code @Parameter} fields of {@link FossaDepthCommand}, which it runs.
 */
public final class FossaDepthPlugin extends CommandBridge {

    public FossaDepthPlugin() {
        super(FossaDepthCommand.class);
    }
}
