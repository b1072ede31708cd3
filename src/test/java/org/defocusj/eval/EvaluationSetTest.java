package org.defocusj.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.defocusj.BadInputException;

/** Folder pairing by base name and the data-set mean of per-image figures. */
class EvaluationSetTest {

    @TempDir
    Path dir;

    @Test
    void pairsByBaseNameInTheSupportedLayouts() throws IOException {
        Path pred = dir.resolve("pred");
        Path gt = dir.resolve("gt");
        EvalFiles.tiff(pred.resolve("scene_0001.tif"), 2, 1, 1, 1);
        EvalFiles.npy(pred.resolve("scene_0002.npy"), 2, 1, 1, 1);
        EvalFiles.tiff(pred.resolve("scene_0010.tif"), 2, 1, 1, 1);
        Files.writeString(pred.resolve("notes.txt"), "not a prediction");
        EvalFiles.npy(gt.resolve("scene_0001.npy"), 2, 1, 1, 1);
        EvalFiles.npy(gt.resolve("scene_0002").resolve("depth.npy"), 2, 1, 1, 1);
        EvalFiles.tiff(gt.resolve("scene_0010").resolve("gt").resolve("depth.tif"), 2, 1, 1, 1);
        EvalFiles.npy(gt.resolve("scene_0003.npy"), 2, 1, 1, 1);
        FilePairing p = FilePairing.of(pred, gt, null);
        List<FilePairing.Pair> pairs = p.pairs();
        assertEquals(3, pairs.size());
        assertEquals("scene_0001", pairs.get(0).name());
        assertEquals(gt.resolve("scene_0001.npy"), pairs.get(0).groundTruth());
        assertEquals(gt.resolve("scene_0002").resolve("depth.npy"), pairs.get(1).groundTruth());
        assertEquals("scene_0010", pairs.get(2).name()); // natural order: 2 before 10
        assertEquals(gt.resolve("scene_0010").resolve("gt").resolve("depth.tif"), pairs.get(2).groundTruth());
        assertEquals(List.of("scene_0003"), p.unmatchedGroundTruth());
    }

    @Test
    void missingAndAmbiguousGroundTruthAreBadInput() throws IOException {
        Path pred = dir.resolve("pred");
        Path gt = Files.createDirectories(dir.resolve("gt"));
        EvalFiles.tiff(pred.resolve("a.tif"), 2, 1, 1, 1);
        BadInputException missing = assertThrows(BadInputException.class, () -> FilePairing.of(pred, gt, null));
        assertTrue(missing.getMessage().startsWith("--gt: no file for 'a' in " + gt), missing.getMessage());
        EvalFiles.npy(gt.resolve("a.npy"), 2, 1, 1, 1);
        Files.createDirectories(gt.resolve("a"));
        EvalFiles.tiff(gt.resolve("a").resolve("depth.tif"), 2, 1, 1, 1);
        BadInputException twice = assertThrows(BadInputException.class, () -> FilePairing.of(pred, gt, null));
        assertTrue(twice.getMessage().contains("more than one file for 'a'"), twice.getMessage());
    }

    @Test
    void oneMapSavedInTwoFormatsIsNotAmbiguous() throws IOException {
        // synth writes scene/depth.npy and scene/depth.tif side by side: the .npy (first format) is taken.
        Path pred = dir.resolve("pred");
        Path gt = Files.createDirectories(dir.resolve("gt").resolve("scene_0000"));
        EvalFiles.tiff(pred.resolve("scene_0000.tif"), 2, 1, 1, 1);
        EvalFiles.npy(gt.resolve("depth.npy"), 2, 1, 1, 1);
        EvalFiles.tiff(gt.resolve("depth.tif"), 2, 1, 1, 1);
        FilePairing pairs = FilePairing.of(pred, dir.resolve("gt"), null);
        assertEquals(gt.resolve("depth.npy"), pairs.pairs().get(0).groundTruth());
    }

    /**
     * Two images with known figures: image A has every pixel exact (abs_rel 0, d1 1, rmse 0), image B is
     * 2 x the truth over 4 pixels of depth 1 (abs_rel 1, d1 0, rmse 1). The data-set figure is the mean of
     * the per-image figures: abs_rel 0.5, d1 0.5, rmse 0.5 -- not the pooled value over all 6 pixels
     * (pooled abs_rel would be 4/6).
     */
    @Test
    void meanOfPerImageFigures() throws IOException {
        Path pred = dir.resolve("pred");
        Path gt = dir.resolve("gt");
        EvalFiles.tiff(pred.resolve("a.tif"), 2, 1, 3, 4);
        EvalFiles.npy(gt.resolve("a.npy"), 2, 1, 3, 4);
        EvalFiles.npy(pred.resolve("b.npy"), 2, 2, 2, 2, 2, 2);
        EvalFiles.fortranFloat64(gt.resolve("b").resolve("depth.npy"), new double[] {1, 1, 1, 1}, 2, 2);
        DepthEvaluator evaluator = DepthEvaluator.defaults();
        EvaluationSet set = new EvaluationSet();
        for (FilePairing.Pair p : FilePairing.of(pred, gt, null).pairs()) {
            set.add(evaluator.evaluate(p.name(), p.prediction(), p.groundTruth(), p.mask()));
        }
        assertEquals(2, set.size());
        DepthMetrics a = set.images().get(0).metrics();
        DepthMetrics b = set.images().get(1).metrics();
        assertEquals(0, a.get("abs_rel"), 0);
        assertEquals(1, b.get("abs_rel"), 1e-15);
        DepthMetrics mean = set.mean();
        assertEquals(0.5, mean.get("abs_rel"), 1e-15);
        assertEquals(0.5, mean.get("d1"), 1e-15);
        assertEquals(0.5, mean.get("rmse"), 1e-15);
        assertEquals(0.5, mean.get("mse"), 1e-15);
        for (String k : DepthMetrics.KEYS) {
            assertEquals((a.get(k) + b.get(k)) / 2, mean.get(k), 1e-15, k);
        }
        assertEquals(6, mean.validPixels());
    }

    @Test
    void maskFolderPairsLikeGroundTruth() throws IOException {
        Path pred = dir.resolve("pred");
        Path gt = dir.resolve("gt");
        Path masks = dir.resolve("masks");
        EvalFiles.tiff(pred.resolve("a.tif"), 2, 1, 1, 5);
        EvalFiles.npy(gt.resolve("a.npy"), 2, 1, 1, 1);
        EvalFiles.tiff(masks.resolve("a").resolve("mask.tif"), 2, 1, 1, 0);
        FilePairing.Pair p = FilePairing.of(pred, gt, masks).pairs().get(0);
        ImageEvaluation e = DepthEvaluator.defaults().evaluate(p.name(), p.prediction(), p.groundTruth(), p.mask());
        assertEquals(1, e.metrics().validPixels());
        assertEquals(0, e.metrics().get("abs_rel"), 0); // the wrong pixel is masked out
    }
}
