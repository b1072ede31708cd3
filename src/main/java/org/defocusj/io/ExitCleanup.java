package org.defocusj.io;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Undoing what a run left half-done when the JVM stops under it (Ctrl-C, SIGTERM, System.exit): one shutdown
 * hook runs every registered action. Once the hook has started nothing new may register, so no temporary file
 * can appear that nobody removes.
 */
public final class ExitCleanup {

    private static final Set<Runnable> ACTIONS = new LinkedHashSet<>();
    private static boolean hooked;
    private static boolean exiting;

    private ExitCleanup() {
    }

    /**
     * Runs {@code action} if the JVM stops before {@link #unregister} is called.
     *
     * @throws IllegalStateException when the JVM is already stopping
     */
    public static synchronized void register(Runnable action) {
        if (exiting) {
            throw new IllegalStateException("the JVM is shutting down");
        }
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitCleanup::runAll, "defocusj-exit-cleanup"));
            hooked = true;
        }
        ACTIONS.add(action);
    }

    public static synchronized void unregister(Runnable action) {
        ACTIONS.remove(action);
    }

    private static void runAll() {
        List<Runnable> todo;
        // Actions run outside the lock: one may wait for a commit that is about to unregister.
        synchronized (ExitCleanup.class) {
            exiting = true;
            todo = new ArrayList<>(ACTIONS);
            ACTIONS.clear();
        }
        for (Runnable r : todo) {
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // Best effort: the JVM is going away; the next action may still succeed.
            }
        }
    }
}
