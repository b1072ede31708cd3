package org.defocusj.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.defocusj.updatesite.SimulatedFijiUpdater.Status;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites built by {@link UpdateSiteBuilder} installed and upgraded by {@link SimulatedFijiUpdater}, which follows
 * the updater's rules independently of the builder: what the builder writes must be what Fiji downloads, checks
 * and keys.
 */
class SimulatedInstallTest {

  private static final String TS_A = "20260101000000";
  private static final String TS_B = "20260201000000";
  private static final String TS_C = "20260301000000";

  private static final String PLUGIN_A = "plugins/DefocusJ_-0.1.0.jar";
  private static final String PLUGIN_B = "plugins/DefocusJ_-0.2.0.jar";
  private static final String API = "jars/api-0.34.0.jar";
  private static final String TIFF_A = "jars/imageio-tiff-3.14.0.jar";
  // the same library under a new artifact name: a different record, the old one must go
  private static final String TIFF_B = "jars/twelvemonkeys-imageio-tiff-3.15.0.jar";
  private static final String LINUX_A = "jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar";
  private static final String LINUX_B = "jars/linux64/pytorch-native-cpu-2.8.0-linux-x86_64.jar";
  private static final String WIN_A = "jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar";
  private static final String WIN_B = "jars/win64/pytorch-native-cpu-2.8.0-win-x86_64.jar";
  private static final String MAC = "jars/macos-arm64/pytorch-native-cpu-2.7.1-osx-aarch64.jar";

  @TempDir Path tmp;

  /** A jar with a Maven-style manifest and pom.properties (build date in a comment), properties and one class. */
  private Path jar(String sitePath, String classContent, String buildDate) throws IOException {
    Path p = Files.createDirectories(tmp.resolve("in").resolve(buildDate)).resolve(Paths.get(sitePath).getFileName());
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBuild-Date: " + buildDate + "\r\n");
    entries.put("META-INF/maven/x/pom.properties", "#Created by Maven\n#" + buildDate + "\nversion=1\n");
    // a license header as twelvemonkeys' jars have: after a bare "#" line the updater keeps the next '#' line
    entries.put("org/x/profiles.properties", "#\n# Copyright\n#\n#kept\nkey=v\n\n#kept too\n");
    entries.put("org/x/" + Paths.get(sitePath).getFileName() + ".class", classContent);
    if (sitePath.startsWith("plugins/")) {
      entries.put("plugins.config", "Plugins>DefocusJ, \"Depth\", org.x.Y\n");
    }
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return p;
  }

  private Path site(String name, String ts, Path previous, String... pathsAndContents) throws IOException {
    List<UpdateSiteBuilder.Entry> entries = new ArrayList<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      // every build has a new build date, as a Maven rebuild does; the checksum must not see it
      entries.add(new UpdateSiteBuilder.Entry(pathsAndContents[i], jar(pathsAndContents[i], pathsAndContents[i + 1], ts)));
    }
    Path out = tmp.resolve("site-" + name);
    UpdateSiteBuilder.build(out, ts, "DefocusJ", entries,
        previous == null ? null : UpdateSiteBuilder.readPrevious(previous.toString()));
    return out;
  }

  private Path siteA() throws IOException {
    return site("A", TS_A, null, PLUGIN_A, "plugin 1", API, "api", TIFF_A, "tiff", LINUX_A, "torch linux 2.7",
        WIN_A, "torch win 2.7", MAC, "torch mac 2.7");
  }

  private Path siteB(Path previous) throws IOException {
    return site("B", TS_B, previous, PLUGIN_B, "plugin 2", API, "api", TIFF_B, "tiff", LINUX_B, "torch linux 2.8",
        WIN_B, "torch win 2.8", MAC, "torch mac 2.7");
  }

  private static Set<String> files(Path fiji) throws IOException {
    try (Stream<Path> s = Files.walk(fiji)) {
      return s.filter(Files::isRegularFile).map(p -> fiji.relativize(p).toString().replace('\\', '/'))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static void assertUpToDate(SimulatedFijiUpdater updater, Path site) throws Exception {
    for (Map.Entry<String, Status> e : updater.statuses(site).entrySet()) {
      assertTrue(e.getValue() == Status.INSTALLED || e.getValue() == Status.NOT_INSTALLED, e.toString());
    }
    assertEquals(List.of(), updater.update(site), "a second run has nothing to do");
  }

  @Test
  void installsIntoAnEmptyFijiOnEachPlatform() throws Exception {
    Path site = siteA();
    Map<String, String> nativeOf = Map.of("linux64", LINUX_A, "win64", WIN_A, "macos-arm64", MAC);
    for (Map.Entry<String, String> p : nativeOf.entrySet()) {
      Path fiji = Files.createDirectories(tmp.resolve("fiji-" + p.getKey()));
      SimulatedFijiUpdater updater = new SimulatedFijiUpdater(fiji, p.getKey());
      updater.update(site);
      assertEquals(new TreeSet<>(List.of(PLUGIN_A, API, TIFF_A, p.getValue())), files(fiji), p.getKey());
      assertUpToDate(updater, site);
    }
    // An Intel Mac gets no Apple-silicon libtorch (FOSSA cannot run there; the rest works).
    Path intel = Files.createDirectories(tmp.resolve("fiji-macos64"));
    new SimulatedFijiUpdater(intel, "macos64").update(site);
    assertEquals(new TreeSet<>(List.of(PLUGIN_A, API, TIFF_A)), files(intel));
  }

  @Test
  void oneMissingDownloadInstallsNothing() throws Exception {
    Path site = siteA();
    Files.delete(site.resolve(TIFF_A + "-" + TS_A));
    Path fiji = Files.createDirectories(tmp.resolve("fiji"));
    assertThrows(IOException.class, () -> new SimulatedFijiUpdater(fiji, "linux64").update(site));
    assertEquals(Set.of(), files(fiji));
  }

  @Test
  void upgradesAnInstallOfTheEarlierSite() throws Exception {
    Path a = siteA();
    Path b = siteB(a); // --previous as a site folder
    Path linux = Files.createDirectories(tmp.resolve("fiji-linux"));
    Path win = Files.createDirectories(tmp.resolve("fiji-win"));
    SimulatedFijiUpdater onLinux = new SimulatedFijiUpdater(linux, "linux64");
    SimulatedFijiUpdater onWin = new SimulatedFijiUpdater(win, "win64");
    onLinux.update(a);
    onWin.update(a);

    Map<String, Status> s = onWin.statuses(b);
    assertEquals(Status.UPDATEABLE, s.get("plugins/DefocusJ_.jar"));
    assertEquals(Status.INSTALLED, s.get("jars/api.jar"));
    assertEquals(Status.OBSOLETE, s.get("jars/imageio-tiff.jar"));
    assertEquals(Status.NOT_INSTALLED, s.get("jars/twelvemonkeys-imageio-tiff.jar"));
    assertEquals(Status.OBSOLETE, s.get(SimulatedFijiUpdater.strip(WIN_A)));
    assertEquals(Status.UPDATEABLE, onLinux.statuses(b).get(SimulatedFijiUpdater.strip(LINUX_A)));

    onLinux.update(b);
    onWin.update(b);
    assertEquals(new TreeSet<>(List.of(PLUGIN_B, API, TIFF_B, LINUX_B)), files(linux));
    assertEquals(new TreeSet<>(List.of(PLUGIN_B, API, TIFF_B, WIN_B)), files(win));
    assertUpToDate(onLinux, b);
    assertUpToDate(onWin, b);

    // An unchanged file keeps its timestamp, so nobody downloads it again.
    assertTrue(Files.isRegularFile(b.resolve(API + "-" + TS_A)));

    // History accumulates: an install of A is still upgradable from the site after B (--previous as the db file).
    Path c = site("C", TS_C, b.resolve("db.xml.gz"), PLUGIN_B, "plugin 3", API, "api", TIFF_B, "tiff",
        LINUX_B, "torch linux 2.8", WIN_B, "torch win 2.8", MAC, "torch mac 2.7");
    Path old = Files.createDirectories(tmp.resolve("fiji-old"));
    SimulatedFijiUpdater fromA = new SimulatedFijiUpdater(old, "win64");
    fromA.update(a);
    assertEquals(Status.UPDATEABLE, fromA.statuses(c).get("plugins/DefocusJ_.jar"));
    assertEquals(Status.OBSOLETE, fromA.statuses(c).get("jars/imageio-tiff.jar"));
    fromA.update(c);
    assertEquals(new TreeSet<>(List.of(PLUGIN_B, API, TIFF_B, WIN_B)), files(old));
    assertUpToDate(fromA, c);
  }

  @Test
  void withoutHistoryEarlierInstallsLookLocallyModified() throws Exception {
    Path a = siteA();
    Path b = siteB(null);
    Path fiji = Files.createDirectories(tmp.resolve("fiji"));
    SimulatedFijiUpdater updater = new SimulatedFijiUpdater(fiji, "win64");
    updater.update(a);
    Map<String, Status> s = updater.statuses(b);
    assertEquals(Status.MODIFIED, s.get("plugins/DefocusJ_.jar"));
    assertEquals(Status.LOCAL_ONLY, s.get("jars/imageio-tiff.jar"), "the renamed jar would stay beside its successor");
    updater.update(b);
    assertTrue(files(fiji).contains(PLUGIN_A), "never updated");
  }

  @Test
  void aLocallyChangedFileIsLeftAlone() throws Exception {
    Path a = siteA();
    Path b = siteB(a);
    Path fiji = Files.createDirectories(tmp.resolve("fiji"));
    SimulatedFijiUpdater updater = new SimulatedFijiUpdater(fiji, "linux64");
    updater.update(a);
    Path mine = jar(PLUGIN_A, "my own build", "local");
    Files.copy(mine, fiji.resolve(PLUGIN_A), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertEquals(Status.MODIFIED, updater.statuses(b).get("plugins/DefocusJ_.jar"));
    updater.update(b);
    assertTrue(files(fiji).contains(PLUGIN_A));
    assertFalse(files(fiji).contains(PLUGIN_B));
  }

  /**
   * The site update-site/build wrote, installed on every platform it ships. Runs only when asked for:
   * {@code mvn -B -o -q -DskipTests package && update-site/build -o --skip-package} then
   * {@code mvn -B -o -q test -Dtest=SimulatedInstallTest -Ddefocusj.site=target/update-site}.
   */
  @Test
  void theSiteUpdateSiteBuildWrote() throws Exception {
    String dir = System.getProperty("defocusj.site");
    Assumptions.assumeTrue(dir != null && !dir.isEmpty(), "set -Ddefocusj.site=target/update-site");
    Path site = Paths.get(dir).toAbsolutePath();
    for (String platform : List.of("linux64", "win64", "macos-arm64")) {
      Path fiji = Files.createDirectories(tmp.resolve("fiji-" + platform));
      SimulatedFijiUpdater updater = new SimulatedFijiUpdater(fiji, platform);
      updater.update(site);
      Set<String> got = files(fiji);
      assertTrue(got.stream().anyMatch(f -> f.matches("plugins/DefocusJ_-.*\\.jar")), got.toString());
      assertTrue(got.stream().anyMatch(f -> f.startsWith("jars/" + platform + "/pytorch-native-cpu-")), got.toString());
      // ONNX Runtime (FOSSA's --runtime onnx) is one jar for every platform, its natives inside
      String ort = got.stream().filter(f -> f.matches("jars/onnxruntime-[0-9.]+\\.jar")).findFirst()
          .orElseThrow(() -> new AssertionError("no jars/onnxruntime-<v>.jar installed: " + got));
      try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(fiji.resolve(ort).toFile())) {
        String lib = ORT_NATIVE.get(platform);
        assertTrue(jar.getEntry(lib) != null, ort + " lacks " + lib);
      }
      assertUpToDate(updater, site);
    }
  }

  /** The ONNX Runtime library each platform loads, inside the onnxruntime jar. */
  private static final Map<String, String> ORT_NATIVE = Map.of(
      "linux64", "ai/onnxruntime/native/linux-x64/libonnxruntime.so",
      "win64", "ai/onnxruntime/native/win-x64/onnxruntime.dll",
      "macos-arm64", "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib");
}
