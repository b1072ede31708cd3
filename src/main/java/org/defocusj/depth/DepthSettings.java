package org.defocusj.depth;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Map;

/**
 * A method's validated settings. Serializable, so a distributed batch engine can ship them to workers, which
 * open the method there; file names in them are absolute.
 */
public interface DepthSettings extends Serializable {

    /** The same settings with {@code threads} worker threads per stack. */
    DepthSettings withThreads(int threads);

    /**
     * The same settings making only the companion maps asked for (a depth map is always made): computing an
     * all-in-focus image or a confidence map costs time that a front end that will not write them saves.
     */
    DepthSettings withOutputs(boolean confidence, boolean allInFocus);

    /**
     * Files the method reads (a model...), by the id of the parameter that names each; front ends register them
     * as inputs of their outputs, so that no output can replace one.
     */
    default Map<String, Path> inputFiles() {
        return Map.of();
    }

    /** The settings as one line of {@code key=value} words, for reports and provenance. */
    @Override
    String toString();
}
