package org.defocusj.ij1;

import org.defocusj.command.BatchProcessFolderCommand;

/**
 * Menu entry Plugins &gt; DefocusJ &gt; Batch Process Folder (plugins.config): its dialog and macro keys are the
 * {@code @Parameter} fields of {@link BatchProcessFolderCommand}, which it runs.
 */
public final class BatchProcessFolderPlugin extends CommandBridge {

    public BatchProcessFolderPlugin() {
        super(BatchProcessFolderCommand.class);
    }
}
