package org.defocusj.batch;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.defocusj.BadInputException;
import org.defocusj.ParameterNaming;
import org.defocusj.align.AlignSettings;
import org.defocusj.align.AligningSession;
import org.defocusj.align.Alignment;
import org.defocusj.depth.DepthEstimator;
import org.defocusj.depth.DepthResult;
import org.defocusj.depth.DepthSession;
import org.defocusj.depth.MethodSetup;
import org.defocusj.eval.DepthEvaluator;
import org.defocusj.eval.EvaluationReport;
import org.defocusj.eval.ImageEvaluation;
import org.defocusj.io.AlignedStackFile;
import org.defocusj.io.AtomicOutputs;
import org.defocusj.io.NaturalOrder;
import org.defocusj.io.ResultFiles;
import org.defocusj.io.StackReader;
import org.defocusj.param.ParameterSpec;
import org.defocusj.stack.FocalLength;
import org.defocusj.stack.FocusSource;
import org.defocusj.stack.FocusStack;

/**
 * The per-stack work of a folder batch: read one stack, estimate depth, write OUT/NAME/{depth.tif,
 * confidence.tif, all-in-focus.tif, depth.png} atomically, then OUT/NAME/done.json last, so that a stack with
 * a done.json is finished and anything else is redone. Every engine calls {@link #process}; the job is
 * serializable (paths are kept as strings) so distributed engines can ship it.
 */
public final class BatchJob implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Written last into a stack's output folder; its presence means the stack is finished. */
    public static final String DONE = "done.json";
    /**
     * The per-stack outputs, all written before {@link #DONE}; confidence and all-in-focus only by methods that
     * make them ({@link org.defocusj.depth.DepthMethod#makesCompanionMaps()}).
     */
    public static final List<String> OUTPUTS = List.of("depth.tif", "confidence.tif", "all-in-focus.tif",
            "depth.png");
    /** The stack as the method saw it (aligned), written beside {@link #OUTPUTS} with {@link AlignSettings#ALIGNED_OUTPUT}. */
    public static final String ALIGNED_OUTPUT = "aligned.tif";

    /** How long one stack may take before the batch gives it up and goes on. */
    public static final ParameterSpec<Integer> STACK_TIMEOUT = ParameterSpec.integer("stack-timeout",
            "Stack time limit s", 3600).range(0, Integer.MAX_VALUE).placeholder("SECONDS")
            .help("Seconds one stack may take; a stack still running then is stopped, reported failed and its "
                    + "temporary files removed, and the batch goes on. 0 = no limit");

    /** Whether each stack's depth map is also measured as a surface (see {@link SurfaceColumns}). */
    public static final ParameterSpec<Boolean> SURFACE_PARAMETERS = ParameterSpec.flag("surface-parameters",
            "Surface parameters")
            .help("Also measure each depth map as a surface: the ISO 25178-2 areal parameters of the plane-levelled "
                    + "map (weighted by confidence) go into done.json, as columns into OUT/summary.csv and into "
                    + "OUT/summary.json");

    private static final String[] IMAGE_SUFFIXES = {".tif", ".tiff", ".png", ".jpg", ".jpeg"};
    private static final String[] GT_SUFFIXES = {".tif", ".tiff", ".npy"};

    /** Workers of stacks given up in this JVM that may still be running. */
    private static final Set<Thread> ABANDONED = ConcurrentHashMap.newKeySet();

    private final String out;
    private final String gt;
    private final FocusSource source;
    private final FocalLength focalLength;
    private final MethodSetup method;
    private final String version;
    private final int stackTimeout;
    private final boolean surfaceParameters;
    private final boolean alignedOutput;

    /**
     * @param out the output folder (one subfolder per stack)
     * @param gt ground-truth folder paired by stack name, or null
     * @param focalLength the focal length of every stack, or null
     * @param method the method and its settings; every output is made (confidence and all-in-focus too)
     * @param version the software version recorded in done.json (may be null)
     */
    public BatchJob(Path out, Path gt, FocusSource source, FocalLength focalLength, MethodSetup method,
            String version) {
        this(out, gt, source, focalLength, method, version, STACK_TIMEOUT.defaultValue(), false, false);
    }

    private BatchJob(Path out, Path gt, FocusSource source, FocalLength focalLength, MethodSetup method,
            String version, int stackTimeout, boolean surfaceParameters, boolean alignedOutput) {
        if (stackTimeout < 0) {
            throw BadInputException.forParameter(STACK_TIMEOUT.id(), stackTimeout + " (expected seconds >= 0; 0 = no "
                    + "limit)");
        }
        this.out = out.toAbsolutePath().toString();
        this.gt = gt == null ? null : gt.toAbsolutePath().toString();
        this.source = Objects.requireNonNull(source);
        this.focalLength = focalLength;
        this.method = method.withOutputs(true, true);
        this.version = version;
        this.stackTimeout = stackTimeout;
        this.surfaceParameters = surfaceParameters;
        this.alignedOutput = alignedOutput;
    }

    public Path out() {
        return Path.of(out);
    }

    /** The ground-truth folder, or null. */
    public Path groundTruth() {
        return gt == null ? null : Path.of(gt);
    }

    /** The method every stack goes through; engines open it once per JVM and pass the session to {@link #process}. */
    public MethodSetup method() {
        return method;
    }

    /** The same job with {@code threads} estimator threads per stack. */
    public BatchJob withThreads(int threads) {
        return new BatchJob(out(), groundTruth(), source, focalLength, method.withThreads(threads), version,
                stackTimeout, surfaceParameters, alignedOutput);
    }

    /** The same job with a time limit of {@code seconds} per stack (0: none); see {@link #STACK_TIMEOUT}. */
    public BatchJob withStackTimeout(int seconds) {
        return new BatchJob(out(), groundTruth(), source, focalLength, method, version, seconds, surfaceParameters,
                alignedOutput);
    }

    /** The same job with the depth maps measured as surfaces or not; see {@link #SURFACE_PARAMETERS}. */
    public BatchJob withSurfaceParameters(boolean measure) {
        return new BatchJob(out(), groundTruth(), source, focalLength, method, version, stackTimeout, measure,
                alignedOutput);
    }

    /** The same job writing each stack's aligned stack or not; see {@link AlignSettings#ALIGNED_OUTPUT}. */
    public BatchJob withAlignedOutput(boolean write) {
        return new BatchJob(out(), groundTruth(), source, focalLength, method, version, stackTimeout,
                surfaceParameters, write);
    }

    /** Whether each depth map is measured as a surface. */
    public boolean surfaceParameters() {
        return surfaceParameters;
    }

    /** Stack files and folders directly in {@code dir}, in natural name order. */
    public static List<Path> findStacks(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> Files.isDirectory(p) ? holdsImages(p) : isTiff(p))
                    .sorted((a, b) -> NaturalOrder.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .collect(Collectors.toList());
        }
    }

    private static boolean isTiff(Path p) {
        return Files.isRegularFile(p) && hasSuffix(p, new String[] {".tif", ".tiff"});
    }

    private static boolean holdsImages(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && hasSuffix(p, IMAGE_SUFFIXES));
        } catch (IOException e) {
            return true; // let reading report why
        }
    }

    private static boolean hasSuffix(Path p, String[] suffixes) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String s : suffixes) {
            if (n.endsWith(s)) {
                return true;
            }
        }
        return false;
    }

    /** A stack file's name without its extension, or a folder stack's name. */
    public static String stackName(Path stack) {
        String n = stack.getFileName().toString();
        if (!Files.isDirectory(stack)) {
            int dot = n.lastIndexOf('.');
            if (dot > 0) {
                n = n.substring(0, dot);
            }
        }
        return n;
    }

    /** GT_DIR/NAME.tif|.tiff|.npy, else GT_DIR/NAME/depth.*; null if none. */
    public static Path groundTruthFor(Path gtDir, String name) {
        for (String s : GT_SUFFIXES) {
            Path p = gtDir.resolve(name + s);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (String s : GT_SUFFIXES) {
            Path p = gtDir.resolve(name).resolve("depth" + s);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The output folder of {@code stackName}. */
    public Path outputFolder(String stackName) {
        return out().resolve(stackName);
    }

    /**
     * Processes one stack unless an earlier run finished it. Never throws for a failing stack: the outcome
     * says why. {@code session} is this job's {@link #method()}, opened once by the engine and shared by its
     * threads. With a time limit the stack runs on a thread of its own, which is given up (interrupted, its
     * temporary files removed, never published) when the limit passes; the caller then gets a failed outcome.
     */
    public StackOutcome process(String stack, DepthSession session) {
        Path stackPath = Path.of(stack);
        String name = stackName(stackPath);
        if (Files.isRegularFile(outputFolder(name).resolve(DONE))) {
            StackOutcome o = new StackOutcome(name, stack);
            o.succeed(StackOutcome.Status.SKIPPED, 0);
            return o;
        }
        StackAttempt attempt = new StackAttempt();
        if (stackTimeout == 0) {
            return attempt(stack, session, attempt);
        }
        long t0 = System.nanoTime();
        FutureTask<StackOutcome> task = new FutureTask<>(() -> attempt(stack, session, attempt));
        Thread worker = new Thread(task, "defocusj stack " + name);
        worker.setDaemon(true); // a stack that never ends must not keep the JVM alive
        worker.start();
        String why;
        try {
            return task.get(stackTimeout, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            why = "timed out: still running after " + stackTimeout + " s, the limit "
                    + BadInputException.ref(STACK_TIMEOUT.id()) + " sets; stopped, its temporary files removed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted; stopped, its temporary files removed";
        } catch (ExecutionException e) {
            why = String.valueOf(e.getCause()); // attempt() reports what a stack throws; this came from outside it
        }
        attempt.abandon();
        worker.interrupt();
        ABANDONED.add(worker);
        StackOutcome o = new StackOutcome(name, stack);
        // Rendered as the command line names parameters, like the bad-input reasons of other stacks.
        o.fail(false, new BadInputException(why).getMessage(), seconds(System.nanoTime() - t0));
        return o;
    }

    /**
     * Waits a few seconds for the workers of stacks given up in this JVM to end, and says whether they all did.
     * Until then an engine must not close the session they may still be using: closing a model under a native
     * forward pass could crash the JVM, so such a session is left to the garbage collector.
     */
    public static boolean abandonedWorkersEnded() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : ABANDONED) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        ABANDONED.removeIf(t -> !t.isAlive());
        return ABANDONED.isEmpty();
    }

    private StackOutcome attempt(String stack, DepthSession session, StackAttempt attempt) {
        Path stackPath = Path.of(stack);
        StackOutcome o = new StackOutcome(stackName(stackPath), stack);
        long t0 = System.nanoTime();
        try {
            run(stackPath, outputFolder(o.name()), session, o, attempt);
            o.succeed(StackOutcome.Status.DONE, seconds(System.nanoTime() - t0));
        } catch (BadInputException e) {
            o.fail(true, e.getMessage(), seconds(System.nanoTime() - t0), e);
        } catch (Exception | LinkageError | OutOfMemoryError | AssertionError e) {
            o.fail(false, e.toString(), seconds(System.nanoTime() - t0), e);
        }
        return o;
    }

    /**
     * An output set for one stack, with what its run reads registered as inputs: the batch's input folder (the
     * stack's), the stack with its focus and K files, the ground-truth folder, and the method's own files (a FOSSA
     * model).
     */
    private AtomicOutputs outputsFor(Path stackPath, StackAttempt attempt) {
        AtomicOutputs o = attempt.track(new AtomicOutputs());
        o.input(stackPath.toAbsolutePath().getParent(), null).input(groundTruth(), "gt");
        StackReader.registerInputs(o, stackPath, source, focalLength);
        o.inputs(method.settings().inputFiles());
        return o;
    }

    private void run(Path stackPath, Path dir, DepthSession session, StackOutcome outcome, StackAttempt attempt)
            throws IOException {
        String name = outcome.name();
        Path truth = null;
        if (gt != null) {
            truth = groundTruthFor(groundTruth(), name);
            if (truth == null) {
                throw BadInputException.forParameter("gt", "no ground truth for stack " + name + " (expected " + gt
                        + "/" + name + ".tif|.tiff|.npy or " + gt + "/" + name + "/depth.*)");
            }
        }
        if (Files.isDirectory(dir)) {
            deleteLeftoverTemps(dir);
        }
        boolean companions = method.method().makesCompanionMaps();
        ResultFiles files = new ResultFiles(dir.resolve(OUTPUTS.get(0)),
                companions ? dir.resolve(OUTPUTS.get(1)) : null, companions ? dir.resolve(OUTPUTS.get(2)) : null,
                dir.resolve(OUTPUTS.get(3)));
        List<String> written = new ArrayList<>();
        JsonObject timings = new JsonObject();
        Map<String, String> provenance;
        FocusStack stack;
        // The outputs create the stack's folder, and remove it again if the stack fails before committing.
        try (AtomicOutputs outputs = outputsFor(stackPath, attempt)) {
            files.reserve(outputs);
            Path alignedTemp = alignedOutput ? outputs.reserve(dir.resolve(ALIGNED_OUTPUT), "out") : null;
            long t = System.nanoTime();
            stack = StackReader.read(stackPath, source).withFocalLength(focalLength);
            stack.notes().forEach(n -> outcome.note(BadInputException.render(n, ParameterNaming.OPTIONS)));
            timings.addProperty("read_s", seconds(System.nanoTime() - t));
            t = System.nanoTime();
            DepthEstimator estimator = session.estimator();
            DepthResult result = estimator.estimate(stack, null);
            timings.addProperty("estimate_s", seconds(System.nanoTime() - t));
            String alignWarning = Alignment.warning(result.properties());
            if (alignWarning != null) {
                outcome.note("warning: " + BadInputException.render(alignWarning, ParameterNaming.OPTIONS));
            }
            t = System.nanoTime();
            files.write(result, stack);
            if (alignedTemp != null) {
                AlignedStackFile.write(AligningSession.seenBy(estimator, stack), ResultFiles.provenance(result, stack),
                        alignedTemp);
            }
            outputs.commit();
            outputs.targets().forEach(p -> written.add(p.getFileName().toString()));
            timings.addProperty("write_s", seconds(System.nanoTime() - t));
            provenance = ResultFiles.provenance(result, stack);
        }
        JsonObject done = new JsonObject();
        done.addProperty("name", name);
        done.addProperty("source", stackPath.toAbsolutePath().toString());
        done.addProperty("version", version);
        done.addProperty("size", stack.width() + " x " + stack.height() + " x " + stack.slices());
        JsonObject prov = new JsonObject();
        provenance.forEach(prov::addProperty);
        done.add("provenance", prov);
        done.add("timings", timings);
        JsonArray outs = new JsonArray();
        written.forEach(outs::add);
        done.add("outputs", outs);
        if (surfaceParameters) {
            done.add(SurfaceColumns.KEY, SurfaceColumns.measure(files.depth(), files.confidence()));
        }
        if (truth != null) {
            ImageEvaluation e = DepthEvaluator.defaults().evaluate(name, files.depth(), truth, null);
            done.addProperty("gt", truth.toAbsolutePath().toString());
            done.add("metrics", EvaluationReport.json(e.metrics()));
        }
        try (AtomicOutputs outputs = outputsFor(stackPath, attempt)) {
            EvaluationReport.write(done, outputs.reserve(dir.resolve(DONE), "out"));
            outputs.commit();
        }
    }

    /** Temporary files of a run that was killed while writing: hidden, ending in .tmp (see AtomicOutputs). */
    private static void deleteLeftoverTemps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(p)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
