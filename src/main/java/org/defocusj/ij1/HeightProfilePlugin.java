package org.defocusj.ij1;

import org.defocusj.command.HeightProfileCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Height Profile (plugins.config): its dialog and macro keys are the
 * inputs of {@link HeightProfileCommand}, which it runs.
 */
public final class HeightProfilePlugin extends CommandBridge {

    public HeightProfilePlugin() {
        super(HeightProfileCommand.class);
    }
}
