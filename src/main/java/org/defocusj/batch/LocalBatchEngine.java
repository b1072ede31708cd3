package org.defocusj.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.defocusj.depth.DepthSession;

/** Runs stacks on a pool of local threads sharing one opened method (one loaded model). */
public final class LocalBatchEngine implements BatchEngine {

    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<StackOutcome> run(BatchJob job, List<String> stacks, int parallelism, String master,
            BatchListener listener) throws InterruptedException {
        StackOutcome[] outcomes = new StackOutcome[stacks.size()];
        DepthSession session = job.method().open();
        try {
            ExecutorService pool = Executors.newFixedThreadPool(parallelism);
            try {
                CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
                for (int i = 0; i < stacks.size(); i++) {
                    int index = i;
                    done.submit(() -> {
                        outcomes[index] = job.process(stacks.get(index), session);
                        return index;
                    });
                }
                // The listener runs here, on the caller's thread, so front ends need no locking.
                for (int finished = 1; finished <= stacks.size(); finished++) {
                    Future<Integer> f = done.take();
                    try {
                        listener.stackFinished(outcomes[f.get()], finished, stacks.size());
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("batch worker failed outside a stack", e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                // Running stacks end either way with consistent outputs: under a time limit the interrupt gives
                // them up (nothing published), without one they finish. Only then may the model close.
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            }
        } finally {
            if (BatchJob.abandonedWorkersEnded()) {
                session.close();
            }
        }
        return new ArrayList<>(List.of(outcomes));
    }
}
