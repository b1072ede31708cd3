package org.defocusj.spark;

import java.util.HashMap;
import java.util.Map;

import org.defocusj.batch.BatchJob;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.MethodSetup;

/**
 * The depth methods opened in this JVM, one session per method and settings: every task an executor runs shares
 * it, so a batch loads a model once per executor, not once per stack. In local mode the driver is the executor,
 * so it can open the method up front and report a bad model as the local engine does.
 */
final class ExecutorSessions {

    private static final Map<String, DepthSession> OPEN = new HashMap<>();

    private ExecutorSessions() {
    }

    /** This JVM's session of {@code method}, opened on first use. */
    static synchronized DepthSession get(MethodSetup method) {
        String key = method.toString();
        DepthSession s = OPEN.get(key);
        if (s == null) {
            s = method.open();
            OPEN.put(key, s);
        }
        return s;
    }

    /**
     * Closes every session; for a local-mode driver once the Spark context it ran is stopped. Sessions are left
     * open (to the garbage collector) while a stack given up at its time limit may still be inside one.
     */
    static synchronized void closeAll() throws InterruptedException {
        if (!BatchJob.abandonedWorkersEnded()) {
            return;
        }
        for (DepthSession s : OPEN.values()) {
            s.close();
        }
        OPEN.clear();
    }
}
