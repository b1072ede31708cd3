package org.defocusj.zedd;

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

class ZeddSceneTest {

    private static final ZeddMetadata META = ZeddMetadata.parse(List.of("run_1\t0a10\t0.5", "run_2\t0b20\t0.7",
            "run_3\t0c30\t1.0", "run_4\t0d40\t1.5", "run_5\t2371\t2.0"), "metadata.txt");

    private static ZeddScene scene(Path dir, String... files) throws IOException {
        Path stack = dir.resolve("scene_1").resolve("focus_stack");
        Files.createDirectories(stack);
        for (String f : files) {
            Files.createFile(stack.resolve(f));
        }
        return new ZeddScene(dir.resolve("scene_1"));
    }

    @Test
    void focusIndexKIsRunKPlusOneAtTheRequestedAperture(@TempDir Path dir) throws IOException {
        ZeddScene s = scene(dir, "img_run_3_motor_0c30_aperture_F2.8.jpg", "img_run_3_motor_0c30_aperture_F4.0.jpg",
                "img_run_1_motor_0A10_aperture_F2.8.jpg", "img_run_5_motor_2371_aperture_F16.0.jpg");
        assertEquals("img_run_3_motor_0c30_aperture_F2.8.jpg", s.focusImage(META, 2, 2.8).getFileName().toString());
        assertEquals("img_run_3_motor_0c30_aperture_F4.0.jpg", s.focusImage(META, 2, 4).getFileName().toString());
        assertEquals("img_run_1_motor_0A10_aperture_F2.8.jpg", s.focusImage(META, 0, 2.8).getFileName().toString());
        assertEquals("img_run_5_motor_2371_aperture_F16.0.jpg", s.focusImage(META, 4, 16).getFileName().toString());
        assertEquals("img_run_2_motor_0b20_aperture_F2.8.jpg", ZeddScene.imageName(META.forFocusIndex(1), 2.8));
    }

    @Test
    void aMotorHexThatContradictsMetadataNamesTheFile(@TempDir Path dir) throws IOException {
        ZeddScene s = scene(dir, "img_run_2_motor_0c30_aperture_F2.8.jpg");
        String e = assertThrows(BadInputException.class, () -> s.focusImage(META, 1, 2.8)).getMessage();
        assertTrue(e.contains("img_run_2_motor_0c30_aperture_F2.8.jpg: motor 0c30 does not match metadata.txt"), e);
        assertTrue(e.contains("run_2 motor 0b20"), e);
    }

    @Test
    void aMissingImageNamesTheFolderAndTheExpectedFile(@TempDir Path dir) throws IOException {
        ZeddScene s = scene(dir, "img_run_1_motor_0a10_aperture_F2.8.jpg");
        String e = assertThrows(BadInputException.class, () -> s.focusImage(META, 0, 4.0)).getMessage();
        assertTrue(e.contains("focus_stack: no image for focus index 0 at F4.0"), e);
        assertTrue(e.contains("expected img_run_1_motor_0a10_aperture_F4.0.jpg"), e);
    }
}
