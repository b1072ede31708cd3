package org.defocusj.updatesite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class UpdateSiteBuilderTest {

  private static final String TS = "20250102030405";

  /** Writes a jar whose entries are deliberately not in name order. */
  private static Path jar(Path dir, String name, Map<String, String> entries) throws Exception {
    Path p = dir.resolve(name);
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(p))) {
      List<String> names = new ArrayList<>(entries.keySet());
      java.util.Collections.reverse(names);
      for (String n : names) {
        zip.putNextEntry(new ZipEntry(n));
        zip.write(entries.get(n).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return p;
  }

  /** The checksum written out plainly: sorted entry names, each name then its content, SHA-1, hex. */
  private static String expectedJarChecksum(Map<String, String> entries) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
      md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : md.digest()) {
      sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
    }
    return sb.toString();
  }

  @Test
  void buildsSiteWithTimestampedFilesAndDatabase(@TempDir Path tmp) throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Map<String, String> pluginEntries = new HashMap<>();
    pluginEntries.put("plugins.config", "Plugins>DefocusJ, \"Depth\", org.x.Y\n");
    pluginEntries.put("org/x/Y.class", "fake class");
    pluginEntries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n");
    Map<String, String> apiEntries = Map.of("ai/djl/A.class", "a", "ai/djl/B.class", "bb");
    Map<String, String> nativeEntries = Map.of("native/lib/libtorch.so", "not really", "native/lib/x", "y");
    Path plugin = jar(in, "DefocusJ_-0.1.0-SNAPSHOT.jar", pluginEntries);
    Path api = jar(in, "api-0.34.0.jar", apiEntries);
    Path nat = jar(in, "pytorch-native-cpu-2.7.1-linux-x86_64.jar", nativeEntries);

    Map<String, String> pluginNormalised = new HashMap<>(pluginEntries);
    pluginNormalised.put("META-INF/MANIFEST.MF", ""); // the updater ignores manifests' content

    Path out = tmp.resolve("site");
    List<UpdateSiteBuilder.Entry> entries = List.of(
        new UpdateSiteBuilder.Entry("plugins/DefocusJ_-0.1.0-SNAPSHOT.jar", plugin),
        new UpdateSiteBuilder.Entry("jars/api-0.34.0.jar", api),
        new UpdateSiteBuilder.Entry("jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar", nat));
    UpdateSiteBuilder.build(out, TS, "Focus stacks to depth <&>", entries);

    // Files stored as <path>-<timestamp>, byte for byte.
    String[][] expected = {
        {"plugins/DefocusJ_-0.1.0-SNAPSHOT.jar", expectedJarChecksum(pluginNormalised)},
        {"jars/api-0.34.0.jar", expectedJarChecksum(apiEntries)},
        {"jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar", expectedJarChecksum(nativeEntries)}};
    Path[] sources = {plugin, api, nat};
    for (int i = 0; i < expected.length; i++) {
      Path stored = out.resolve(expected[i][0] + "-" + TS);
      assertTrue(Files.isRegularFile(stored), stored.toString());
      org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(sources[i]), Files.readAllBytes(stored));
    }

    // The database.
    Document doc;
    try (InputStream gz = new GZIPInputStream(Files.newInputStream(out.resolve("db.xml.gz")))) {
      doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(gz);
    }
    Element root = doc.getDocumentElement();
    assertEquals("pluginRecords", root.getTagName());
    NodeList plugins = root.getElementsByTagName("plugin");
    assertEquals(3, plugins.getLength());
    for (int i = 0; i < expected.length; i++) {
      Element p = (Element) plugins.item(i);
      // as Fiji's upload writes it: the versioned name on <plugin>, nothing but these three on <version>
      assertEquals(expected[i][0], p.getAttribute("filename"));
      Element v = (Element) p.getElementsByTagName("version").item(0);
      assertEquals(3, v.getAttributes().getLength());
      assertEquals(expected[i][1], v.getAttribute("checksum"));
      assertEquals(TS, v.getAttribute("timestamp"));
      assertEquals(String.valueOf(Files.size(sources[i])), v.getAttribute("filesize"));
      assertEquals(0, p.getElementsByTagName("previous-version").getLength());
    }
    Element first = (Element) plugins.item(0);
    assertEquals("Focus stacks to depth <&>",
        first.getElementsByTagName("description").item(0).getTextContent());
    NodeList deps = first.getElementsByTagName("dependency");
    assertEquals(1, deps.getLength());   // not on the platform jar
    assertEquals("jars/api.jar", ((Element) deps.item(0)).getAttribute("filename"));
    assertEquals(TS, ((Element) deps.item(0)).getAttribute("timestamp"));
    Element nativeRecord = (Element) plugins.item(2);
    assertEquals("linux64", nativeRecord.getElementsByTagName("platform").item(0).getTextContent());
  }

  @Test
  void propertiesLoseTheirCommentLinesAsInTheUpdater() {
    String[][] cases = {
      {"#Created by Maven\n#Sun Nov 22\nversion=1\n", "\n\nversion=1\n"},
      {"a=1\n#date\nb=2", "a=1\n\nb=2"},
      {"a=1 # not a comment\n", "a=1 # not a comment\n"},
      // the updater's quirks: after an empty line, or a bare '#' line, a '#' line is kept
      {"\n#kept\n", "\n#kept\n"},
      {"#\n#kept\n", "\n#kept\n"},
      {"##\nx=1\n", "\nx=1\n"},
      {"#no newline", ""},
    };
    for (String[] c : cases) {
      assertEquals(c[1], new String(UpdateSiteBuilder.withoutHashedLines(c[0].getBytes(StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8), c[0]);
    }
  }

  @Test
  void rebuildingAJarWithNewBuildDatesKeepsItsChecksum(@TempDir Path tmp) throws Exception {
    Map<String, String> a = new HashMap<>();
    a.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBuild-Jdk-Spec: 17\r\nMain-Class: x.Main\r\n");
    a.put("META-INF/maven/org.defocusj/DefocusJ_/pom.properties", "#Created by Maven\n#Sat Nov 21\nversion=0.1\n");
    a.put("org/defocusj/A.class", "code");
    Map<String, String> b = new HashMap<>(a);
    b.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nBuild-Jdk-Spec: 21\r\nCreated-By: Maven 3.9\r\n");
    b.put("META-INF/maven/org.defocusj/DefocusJ_/pom.properties", "#Created by Maven\n#Sun Nov 22\nversion=0.1\n");
    Map<String, String> c = new HashMap<>(b);
    c.put("META-INF/maven/org.defocusj/DefocusJ_/pom.properties", "#Created by Maven\n#Sun Nov 22\nversion=0.2\n");
    String ca = UpdateSiteBuilder.checksum("jars/x.jar", jar(tmp, "a.jar", a));
    assertEquals(ca, UpdateSiteBuilder.checksum("jars/x.jar", jar(tmp, "b.jar", b)));
    assertTrue(!ca.equals(UpdateSiteBuilder.checksum("jars/x.jar", jar(tmp, "c.jar", c))), "a real change counts");
    Map<String, String> normalised = new HashMap<>();
    normalised.put("META-INF/MANIFEST.MF", "");
    normalised.put("META-INF/maven/org.defocusj/DefocusJ_/pom.properties", "\n\nversion=0.1\n");
    normalised.put("org/defocusj/A.class", "code");
    assertEquals(expectedJarChecksum(normalised), ca);
  }

  @Test
  void nonJarChecksumIsPathThenBytes(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("x.txt");
    Files.write(f, "hello".getBytes(StandardCharsets.UTF_8));
    MessageDigest md = MessageDigest.getInstance("SHA-1");
    md.update("macros/x.txt".getBytes(StandardCharsets.UTF_8));
    md.update("hello".getBytes(StandardCharsets.UTF_8));
    assertEquals(UpdateSiteBuilder.hex(md.digest()), UpdateSiteBuilder.checksum("macros/x.txt", f));
  }

  @Test
  void recordsAreKeyedAsTheUpdaterKeysThem() {
    assertEquals("jars/pytorch-jni.jar", UpdateSiteBuilder.key("jars/pytorch-jni-2.7.1-0.34.0.jar"));
    assertEquals("jars/pytorch-engine.jar", UpdateSiteBuilder.key("jars/pytorch-engine-0.34.0.jar"));
    assertEquals("plugins/DefocusJ_.jar", UpdateSiteBuilder.key("plugins/DefocusJ_-0.1.0-SNAPSHOT.jar"));
    // scijava-common's rule leaves this one whole: a libtorch upgrade renames the record (see SimulatedInstallTest)
    assertEquals("jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar",
        UpdateSiteBuilder.key("jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar"));
  }

  @Test
  void platformsAreFijisNames() {
    assertEquals("macos-arm64", UpdateSiteBuilder.platform("jars/macos-arm64/pytorch-native-cpu-2.7.1-osx-aarch64.jar"));
    assertEquals("linux64", UpdateSiteBuilder.platform("jars/linux64/x-1.jar"));
    assertEquals(null, UpdateSiteBuilder.platform("jars/api-0.34.0.jar"));
  }
}
