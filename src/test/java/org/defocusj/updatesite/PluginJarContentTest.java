package org.defocusj.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

import org.defocusj.BadInputException;

/**
 * The plugin jar Fiji users install (DefocusJ_-&lt;v&gt;.jar, packed from target/classes) holds no build tools:
 * the update-site builder and the Spark engine have their own source trees, output folders and jars (pom.xml).
 * A class file left in target/classes by an older build would go into the jar too, so that fails here as well
 * (run {@code mvn clean}).
 */
class PluginJarContentTest {

  private static final String[] NOT_IN_PLUGIN = {"org/defocusj/updatesite/", "org/defocusj/spark/"};

  private static Path location(Class<?> c) throws URISyntaxException {
    return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** Class-file and resource names under {@code root} (a folder or a jar), '/'-separated. */
  private static List<String> entries(Path root) throws IOException {
    List<String> names = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
      }
    } else {
      try (ZipFile zip = new ZipFile(root.toFile())) {
        zip.stream().map(ZipEntry::getName).forEach(names::add);
      }
    }
    return names;
  }

  @Test
  void thePluginHoldsNeitherTheUpdateSiteBuilderNorTheSparkEngine() throws Exception {
    Path plugin = location(BadInputException.class);
    List<String> all = entries(plugin);
    assertNotEquals(0, all.size(), plugin.toString());
    List<String> wrong = new ArrayList<>();
    for (String n : all) {
      for (String prefix : NOT_IN_PLUGIN) {
        if (n.startsWith(prefix)) {
          wrong.add(n);
        }
      }
    }
    assertEquals(List.of(), wrong, "in " + plugin + " (the plugin jar's content)");
  }

  @Test
  void theBuilderComesFromElsewhere() throws Exception {
    assertNotEquals(location(BadInputException.class), location(UpdateSiteBuilder.class));
  }
}
