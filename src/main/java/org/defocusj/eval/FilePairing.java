package org.defocusj.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.defocusj.BadInputException;
import org.defocusj.io.DepthMapReader;
import org.defocusj.io.NaturalOrder;

/**
 * Pairs a folder of predictions with a folder of ground truth by base name. For a prediction
 * {@code NAME.tif|.tiff|.npy} the ground truth is the one of {@code NAME.npy|.tif|.tiff},
 * {@code NAME/depth.*} or {@code NAME/gt/depth.*} (ZEDD's layout) that exists; a mask folder pairs alike
 * ({@code NAME.*}, {@code NAME/mask.*}, {@code NAME/gt/mask.*}, PNG allowed). Missing or ambiguous partners
 * are bad input; ground truth without a prediction is reported, not an error.
 */
public final class FilePairing {

    private static final String[] DEPTH_EXT = {".npy", ".tif", ".tiff"};
    private static final String[] MASK_EXT = {".npy", ".tif", ".tiff", ".png"};

    /** One prediction with its ground truth and optional mask. */
    public static final class Pair {
        private final String name;
        private final Path prediction;
        private final Path groundTruth;
        private final Path mask;

        Pair(String name, Path prediction, Path groundTruth, Path mask) {
            this.name = name;
            this.prediction = prediction;
            this.groundTruth = groundTruth;
            this.mask = mask;
        }

        public String name() {
            return name;
        }

        public Path prediction() {
            return prediction;
        }

        public Path groundTruth() {
            return groundTruth;
        }

        /** Null when there is no mask. */
        public Path mask() {
            return mask;
        }
    }

    private final List<Pair> pairs;
    private final List<String> unmatchedGroundTruth;

    private FilePairing(List<Pair> pairs, List<String> unmatchedGroundTruth) {
        this.pairs = pairs;
        this.unmatchedGroundTruth = unmatchedGroundTruth;
    }

    /** Pairs in natural name order. */
    public List<Pair> pairs() {
        return pairs;
    }

    /** Base names of ground-truth entries no prediction refers to. */
    public List<String> unmatchedGroundTruth() {
        return unmatchedGroundTruth;
    }

    /**
     * @param mask null, one mask file for every image, or a folder of masks paired by base name
     */
    public static FilePairing of(Path predictionDir, Path groundTruthDir, Path mask) {
        if (!Files.isDirectory(groundTruthDir)) {
            throw BadInputException.forParameter("gt", groundTruthDir + (Files.exists(groundTruthDir)
                    ? " is a file but " + BadInputException.ref("pred") + " " + predictionDir
                            + " is a folder (expected a folder of ground truth)"
                    : ": no such folder (expected a folder of ground truth paired with " + BadInputException.ref("pred")
                            + " by base name)"));
        }
        List<Path> predictions = list(predictionDir, "pred").stream()
                .filter(p -> Files.isRegularFile(p) && DepthMapReader.isDepthFile(p))
                .collect(Collectors.toList());
        if (predictions.isEmpty()) {
            throw BadInputException.forParameter("pred", predictionDir + " holds no .tif, .tiff or .npy file "
                    + "(expected one prediction per image)");
        }
        boolean maskFolder = mask != null && Files.isDirectory(mask);
        Map<String, Path> byName = new HashMap<>();
        List<Pair> pairs = new ArrayList<>();
        for (Path p : predictions) {
            String name = baseName(p);
            Path earlier = byName.put(name, p);
            if (earlier != null) {
                throw BadInputException.forParameter("pred", earlier.getFileName() + " and " + p.getFileName()
                        + " in " + predictionDir + " have the same base name (expected one prediction per image)");
            }
            Path gt = partner(groundTruthDir, name, "depth", DEPTH_EXT, "gt");
            Path m = maskFolder ? partner(mask, name, "mask", MASK_EXT, "mask") : mask;
            pairs.add(new Pair(name, p, gt, m));
        }
        Set<String> unmatched = new TreeSet<>(NaturalOrder::compare);
        for (Path g : list(groundTruthDir, "gt")) {
            String name = Files.isDirectory(g) ? g.getFileName().toString()
                    : DepthMapReader.isDepthFile(g) ? baseName(g) : null;
            if (name != null && !name.startsWith(".") && !byName.containsKey(name)) {
                unmatched.add(name);
            }
        }
        return new FilePairing(pairs, new ArrayList<>(unmatched));
    }

    /** The file paired with {@code name} in {@code dir}; errors are about parameter id {@code parameter}. */
    private static Path partner(Path dir, String name, String inner, String[] extensions, String parameter) {
        List<Path> found = new ArrayList<>();
        for (String ext : extensions) {
            for (Path c : new Path[] {dir.resolve(name + ext), dir.resolve(name).resolve(inner + ext),
                dir.resolve(name).resolve("gt").resolve(inner + ext)}) {
                if (Files.isRegularFile(c)) {
                    found.add(c);
                }
            }
        }
        if (found.isEmpty()) {
            throw BadInputException.forParameter(parameter, "no file for '" + name + "' in " + dir + " (expected "
                    + name + ".npy/.tif, " + name + "/" + inner + ".npy or " + name + "/gt/" + inner + ".npy)");
        }
        // The same map saved in two formats side by side (synth writes depth.tif for Fiji and depth.npy for
        // Python) is one answer: take the first by extension order. Different places are ambiguous.
        String stem = stem(found.get(0));
        if (found.size() > 1 && found.stream().anyMatch(f -> !stem(f).equals(stem))) {
            throw BadInputException.forParameter(parameter, "more than one file for '" + name + "' in " + dir + " ("
                    + dir.relativize(found.get(0)) + ", " + dir.relativize(found.get(1))
                    + "; expected exactly one)");
        }
        return found.get(0);
    }

    private static String stem(Path file) {
        String s = file.toString();
        int dot = s.lastIndexOf('.');
        return dot > s.lastIndexOf(java.io.File.separatorChar) ? s.substring(0, dot) : s;
    }

    /** The entries of {@code dir} in natural order; errors are about parameter id {@code parameter}. */
    private static List<Path> list(Path dir, String parameter) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted((a, b) -> NaturalOrder.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw BadInputException.forParameter(parameter, "cannot list folder " + dir + " (" + e.getMessage() + ")",
                    e);
        }
    }

    /** File name without its extension. */
    static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
