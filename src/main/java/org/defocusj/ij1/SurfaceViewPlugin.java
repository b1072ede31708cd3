package org.defocusj.ij1;

import org.defocusj.command.SurfaceViewCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; 3D Surface View (plugins.config): its dialog and macro keys are the inputs of
 * {@link SurfaceViewCommand}, which it runs.
 */
public final class SurfaceViewPlugin extends CommandBridge {

    public SurfaceViewPlugin() {
        super(SurfaceViewCommand.class);
    }
}
