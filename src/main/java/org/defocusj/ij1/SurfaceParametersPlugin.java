package org.defocusj.ij1;

import org.defocusj.command.SurfaceParametersCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Surface Parameters (plugins.config): its dialog and macro keys are the
 * inputs of {@link SurfaceParametersCommand}, which it runs.
 */
public final class SurfaceParametersPlugin extends CommandBridge {

    public SurfaceParametersPlugin() {
        super(SurfaceParametersCommand.class);
    }
}
