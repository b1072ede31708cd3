package org.defocusj.ij1;

import org.defocusj.command.ExportSurfaceMeshCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Export Surface Mesh (plugins.config): its dialog and macro keys are the inputs of
 * {@link ExportSurfaceMeshCommand}, which it runs.
 */
public final class ExportSurfaceMeshPlugin extends CommandBridge {

    public ExportSurfaceMeshPlugin() {
        super(ExportSurfaceMeshCommand.class);
    }
}
