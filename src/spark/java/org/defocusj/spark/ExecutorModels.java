package org.defocusj.spark;

import java.util.HashMap;
import java.util.Map;

import org.defocusj.batch.EstimatorSpec;
import org.defocusj.fossa.FossaModel;

/**
 * The FOSSA models loaded in this JVM, one per model name: every task an executor runs shares it, so a batch loads
 * a model once per executor, not once per stack. Depth from focus needs none. In local mode the driver is the
 * executor, so it can load the model up front and report a bad model as the local engine does.
 */
final class ExecutorModels {

    private static final Map<String, FossaModel> LOADED = new HashMap<>();

    private ExecutorModels() {
    }

    /** This JVM's model for {@code spec}, loaded on first use; null for depth from focus. */
    static synchronized FossaModel get(EstimatorSpec spec) {
        if (!spec.isFossa()) {
            return null;
        }
        FossaModel m = LOADED.get(spec.model());
        if (m == null) {
            m = spec.loadModel();
            LOADED.put(spec.model(), m);
        }
        return m;
    }

    /** Closes every model; for a local-mode driver once the Spark context it ran is stopped. */
    static synchronized void closeAll() {
        for (FossaModel m : LOADED.values()) {
            m.close();
        }
        LOADED.clear();
    }
}
