package org.defocusj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.TestStacks;
import org.defocusj.batch.BatchEngine;
import org.defocusj.batch.BatchEngines;
import org.defocusj.batch.BatchJob;
import org.defocusj.batch.BatchListener;
import org.defocusj.batch.StackOutcome;
import org.defocusj.depth.MethodSetup;
import org.defocusj.dff.DffMethod;
import org.defocusj.param.ParameterValues;
import org.defocusj.stack.DistanceUnit;
import org.defocusj.stack.FocusSource;

class SparkBatchEngineTest {

    @TempDir
    Path dir;

    private final BatchEngine spark = BatchEngines.find("spark");

    private BatchJob job() {
        return new BatchJob(dir.resolve("out"), null, FocusSource.auto(DistanceUnit.M), null,
                MethodSetup.of(new DffMethod(), ParameterValues.DEFAULTS), "test");
    }

    /** The stacks of a fresh batch input, in reverse name order (so input order is not the natural one). */
    private List<String> stacks(int n) throws Exception {
        List<String> s = BatchJob.findStacks(TestStacks.batchInput(dir.resolve("in"), n)).stream()
                .map(Path::toString).collect(Collectors.toList());
        Collections.reverse(s);
        return s;
    }

    private static SparkConf localConf() {
        return new SparkConf().setMaster("local[1]").setAppName("test").set("spark.ui.enabled", "false");
    }

    private static List<String> names(List<StackOutcome> outcomes) {
        return outcomes.stream().map(StackOutcome::source).collect(Collectors.toList());
    }

    @Test
    void isFoundThroughServiceLoaderOutsideThePluginClasses() {
        assertEquals("org.defocusj.spark.SparkBatchEngine", spark.getClass().getName());
        assertNotEquals(BatchEngine.class.getProtectionDomain().getCodeSource().getLocation(),
                spark.getClass().getProtectionDomain().getCodeSource().getLocation());
    }

    @Test
    void outcomesComeInInputOrderAndTheListenerHearsEachOnTheCallersThread() throws Exception {
        List<String> stacks = stacks(5);
        Thread caller = Thread.currentThread();
        List<String> heard = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<StackOutcome> outcomes = spark.run(job(), stacks, 2, "local[2]", (o, finished, total) -> {
            assertSame(caller, Thread.currentThread());
            assertEquals(5, total);
            heard.add(o.source());
            counts.add(finished);
        });
        assertEquals(stacks, names(outcomes));
        assertTrue(outcomes.stream().allMatch(o -> o.status() == StackOutcome.Status.DONE), outcomes::toString);
        assertEquals(List.of(1, 2, 3, 4, 5), counts);
        assertEquals(new HashSet<>(stacks), new HashSet<>(heard));
        // The engine stopped the context it made, else this one could not start.
        new JavaSparkContext(localConf()).stop();
    }

    @Test
    void aRunningContextIsUsedAndLeftRunning() throws Exception {
        List<String> stacks = stacks(2);
        JavaSparkContext mine = new JavaSparkContext(localConf());
        try {
            List<StackOutcome> outcomes = spark.run(job(), stacks, 2, null, BatchListener.NONE);
            assertEquals(stacks, names(outcomes));
            assertFalse(mine.sc().isStopped());
        } finally {
            mine.stop();
        }
    }

    @Test
    void eachStackGetsSparkTaskCpusThreads() {
        assertEquals(1, spark.threadsPerStack(8));
        String old = System.getProperty("spark.task.cpus");
        System.setProperty("spark.task.cpus", "3");
        try {
            assertEquals(3, spark.threadsPerStack(8));
        } finally {
            if (old == null) {
                System.clearProperty("spark.task.cpus");
            } else {
                System.setProperty("spark.task.cpus", old);
            }
        }
    }
}
