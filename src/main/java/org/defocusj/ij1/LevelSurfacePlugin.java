package org.defocusj.ij1;

import org.defocusj.command.LevelSurfaceCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Level Surface (plugins.config): its dialog and macro keys are the
 * inputs of {@link LevelSurfaceCommand}, which it runs.
 */
public final class LevelSurfacePlugin extends CommandBridge {

    public LevelSurfacePlugin() {
        super(LevelSurfaceCommand.class);
    }
}
