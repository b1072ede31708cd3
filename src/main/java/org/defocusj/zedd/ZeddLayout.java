package org.defocusj.zedd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.defocusj.BadInputException;
import org.defocusj.io.NaturalOrder;

/**
 * A ZEDD download: {@code ROOT/metadata.txt} and one folder per split ({@code val/}, {@code test/}) holding one
 * folder per scene.
 */
public final class ZeddLayout {

    private final Path root;
    private final ZeddMetadata metadata;

    private ZeddLayout(Path root, ZeddMetadata metadata) {
        this.root = root;
        this.metadata = metadata;
    }

    /** Opens a ZEDD root and reads its metadata.txt. */
    public static ZeddLayout open(Path root) {
        if (!Files.isDirectory(root)) {
            throw BadInputException.forParameter("root", root + " is not a folder (expected the ZEDD folder holding "
                    + ZeddMetadata.FILE_NAME + ", val/ and test/)");
        }
        return new ZeddLayout(root, ZeddMetadata.read(root.resolve(ZeddMetadata.FILE_NAME)));
    }

    public Path root() {
        return root;
    }

    public ZeddMetadata metadata() {
        return metadata;
    }

    /**
     * The scene folders of a split in natural name order (for ZEDD's zero-padded names the same as plain
     * sorting, which the reference uses); hidden entries and plain files are skipped.
     */
    public List<ZeddScene> scenes(ZeddSplit split) {
        Path dir = root.resolve(split.folder());
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + ": no such folder (expected ZEDD's " + split.folder()
                    + " split under " + BadInputException.ref("root") + " " + root + ")");
        }
        List<ZeddScene> scenes;
        try (Stream<Path> s = Files.list(dir)) {
            scenes = s.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted((a, b) -> NaturalOrder.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .map(ZeddScene::new)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new BadInputException(dir + ": cannot list folder (" + e.getMessage() + ")", e);
        }
        if (scenes.isEmpty()) {
            throw new BadInputException(dir + ": no scene folders (expected one folder per scene)");
        }
        return scenes;
    }
}
