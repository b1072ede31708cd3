package org.defocusj.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

import scala.collection.Iterator;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

import org.defocusj.BadInputException;
import org.defocusj.batch.BatchEngine;
import org.defocusj.batch.BatchJob;
import org.defocusj.batch.BatchListener;
import org.defocusj.batch.StackOutcome;
import org.defocusj.depth.DepthSession;

/**
 * {@code batch --engine spark}: the stacks of a batch as a Spark job, one task per stack, each running
 * {@link BatchJob#process} (the local engine's per-stack function) with its executor's one opened method (see
 * {@link ExecutorSessions}). Outputs go straight from the executors to OUT, so INPUT, OUT and GT must be on a
 * filesystem every executor sees at the same path; the driver gets back only the small {@link StackOutcome}s.
 *
 * <p>Master: {@code --master} if given, else the one spark-submit set ({@code spark.master}), else
 * {@code local[parallelism]}. A Spark context already running in this JVM is used as it is (its master wins);
 * one this engine creates it also stops. Local masters run without Spark's web UI unless
 * {@code spark.ui.enabled} says otherwise.
 *
 * <p>Threads: an executor with C cores runs C / {@code spark.task.cpus} tasks at once, so each stack gets
 * {@code spark.task.cpus} estimator threads (default 1: as many stacks at once as cores, one thread each, which is
 * also what the local engine does with {@code --jobs} equal to the cores).
 *
 * <p>Progress: every task's outcome reaches the driver as the task ends ({@code submitJob}'s result handler); the
 * listener is then called on the caller's thread, in completion order, as by the local engine.
 */
public final class SparkBatchEngine implements BatchEngine {

    public static final String NAME = "spark";

    /** Marks the SparkConf of a context this engine created, to tell it from one it was given. */
    private static final String OWNER_KEY = "spark.defocusj.owner";
    /** java.base packages Spark reaches into; Java 16+ closes them unless --add-opens says otherwise. */
    private static final String[] OPENED = {"java.lang", "java.lang.invoke", "java.nio", "java.util", "sun.nio.ch"};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int threadsPerStack(int parallelism) {
        return Math.max(1, new SparkConf(true).getInt("spark.task.cpus", 1));
    }

    @Override
    public List<StackOutcome> run(BatchJob job, List<String> stacks, int parallelism, String master,
            BatchListener listener) throws InterruptedException {
        if (stacks.isEmpty()) {
            return new ArrayList<>();
        }
        requireOpenJavaBase();
        SparkConf conf = new SparkConf(true);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[" + parallelism + "]");
        }
        conf.setIfMissing("spark.app.name", "DefocusJ batch");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
        }
        String owner = UUID.randomUUID().toString();
        conf.set(OWNER_KEY, owner);
        SparkContext sc = SparkContext.getOrCreate(conf);
        boolean created = owner.equals(sc.getConf().get(OWNER_KEY, null));
        try {
            if (sc.isLocal()) {
                ExecutorSessions.get(job.method()); // this JVM is the executor: a bad model fails here
            } else {
                job.method().verify(); // a missing model file fails here, not on every executor
            }
            return runJob(new JavaSparkContext(sc), job, stacks, listener);
        } finally {
            if (created) {
                sc.stop();
                if (sc.isLocal()) {
                    ExecutorSessions.closeAll();
                }
            }
        }
    }

    private static List<StackOutcome> runJob(JavaSparkContext jsc, BatchJob job, List<String> stacks,
            BatchListener listener) throws InterruptedException {
        int n = stacks.size();
        // One stack per partition: tasks balance unequal stacks, and partition i is stack i.
        JavaRDD<String> rdd = jsc.parallelize(stacks, n);
        List<Object> partitions = IntStream.range(0, n).boxed().collect(Collectors.toList());
        BlockingQueue<Arrived> arrived = new LinkedBlockingQueue<>();
        SimpleFutureAction<BoxedUnit> action = jsc.sc().submitJob(rdd.rdd(), new ProcessStacks(job),
                JavaConverters.asScalaBufferConverter(partitions).asScala(), new Collect(arrived), new Unit());
        StackOutcome[] outcomes = new StackOutcome[n];
        try {
            int finished = 0;
            while (finished < n) {
                Arrived a = arrived.poll(200, TimeUnit.MILLISECONDS);
                if (a == null) {
                    if (action.isCompleted() && arrived.isEmpty()) {
                        awaitFailure(action);
                    }
                    continue;
                }
                for (StackOutcome o : a.outcomes) {
                    outcomes[a.partition] = o;
                    listener.stackFinished(o, ++finished, n);
                }
            }
        } catch (InterruptedException e) {
            action.cancel();
            throw e;
        }
        return new ArrayList<>(List.of(outcomes));
    }

    /** The job ended before every outcome arrived: only a failure outside {@link BatchJob#process} does that. */
    private static void awaitFailure(SimpleFutureAction<BoxedUnit> action) {
        try {
            action.get();
        } catch (Exception e) {
            throw new IllegalStateException("Spark batch job failed outside a stack: " + e.getMessage(), e);
        }
        throw new IllegalStateException("Spark batch job ended without the outcome of every stack");
    }

    /**
     * Spark's access into java.base needs {@code --add-opens} on Java 16+ (scripts/defocusj and spark-submit add
     * them); without, the first task fails deep inside Spark, so say so first.
     */
    static void requireOpenJavaBase() {
        if (Runtime.version().feature() < 16) {
            return;
        }
        Module base = Object.class.getModule();
        Module self = SparkBatchEngine.class.getModule();
        List<String> closed = Stream.of(OPENED).filter(p -> !base.isOpen(p, self)).collect(Collectors.toList());
        if (!closed.isEmpty()) {
            throw new BadInputException("--engine spark: Java " + Runtime.version().feature() + " keeps java.base/"
                    + String.join(", ", closed) + " closed to Spark (run through scripts/defocusj or spark-submit, "
                    + "which add --add-opens=java.base/PACKAGE=ALL-UNNAMED; see the README, \"Scale-out on Apache "
                    + "Spark\")");
        }
    }

    /** The task: this partition's stacks through the per-stack function, with the executor's model. */
    private static final class ProcessStacks extends AbstractFunction1<Iterator<String>, ArrayList<StackOutcome>>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final BatchJob job;

        ProcessStacks(BatchJob job) {
            this.job = job;
        }

        @Override
        public ArrayList<StackOutcome> apply(Iterator<String> stacks) {
            DepthSession session = ExecutorSessions.get(job.method());
            ArrayList<StackOutcome> out = new ArrayList<>();
            while (stacks.hasNext()) {
                out.add(job.process(stacks.next(), session));
            }
            return out;
        }
    }

    /** On the driver's scheduler thread as each task ends: hands its outcomes to the caller's thread. */
    private static final class Collect extends AbstractFunction2<Object, ArrayList<StackOutcome>, BoxedUnit> {
        private final BlockingQueue<Arrived> arrived;

        Collect(BlockingQueue<Arrived> arrived) {
            this.arrived = arrived;
        }

        @Override
        public BoxedUnit apply(Object partition, ArrayList<StackOutcome> outcomes) {
            arrived.add(new Arrived((Integer) partition, outcomes));
            return BoxedUnit.UNIT;
        }
    }

    private static final class Unit extends AbstractFunction0<BoxedUnit> {
        @Override
        public BoxedUnit apply() {
            return BoxedUnit.UNIT;
        }
    }

    private static final class Arrived {
        final int partition;
        final List<StackOutcome> outcomes;

        Arrived(int partition, List<StackOutcome> outcomes) {
            this.partition = partition;
            this.outcomes = outcomes;
        }
    }
}
