package org.defocusj.updatesite;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.scijava.util.FileUtils;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A stand-in for Fiji's Help > Update... on one update site, written from /work/shared/reference/UPDATE-SITE.md and
 * deliberately sharing no code with {@link UpdateSiteBuilder}: it reads db.xml.gz with the JDK's parser, keys
 * records and local files by the version-stripped name (scijava-common's {@code stripFilenameVersion}, the
 * function the updater uses), downloads {@code site + <plugin filename> + "-" + <timestamp>}, checks what it got
 * with its own implementation of the updater's digest, and installs at {@code <plugin filename>}. Statuses are the
 * updater's: a local file whose checksum is the current one is installed, one among the previous versions is
 * updatable (obsolete when the record has no current version), any other is locally modified.
 *
 * <p>Checked by reading imagej-updater 2.0.x (not copied): {@code FilesCollection} keys records by the stripped name
 * and {@code getURL} builds the download URL; {@code FileObject.setLocalVersion} decides the statuses;
 * {@code Installer} verifies each download's digest and marks a local file under another name for removal;
 * {@code Platforms.matches} lets {@code macosx} match every Mac.
 */
final class SimulatedFijiUpdater {

  enum Status { NOT_INSTALLED, INSTALLED, UPDATEABLE, MODIFIED, OBSOLETE, OBSOLETE_MODIFIED, LOCAL_ONLY }

  /** One {@code <plugin>} of db.xml.gz. */
  static final class Record {
    String filename;
    final List<String> platforms = new ArrayList<>();
    String checksum; // null: obsolete (no <version>)
    String timestamp;
    final Set<String> previousChecksums = new HashSet<>();
    final List<String> dependencies = new ArrayList<>();
  }

  /** A local file the updater finds: where it is and its checksum. */
  static final class Local {
    final String path;
    final String checksum;

    Local(String path, String checksum) {
      this.path = path;
      this.checksum = checksum;
    }
  }

  private final Path fiji;
  private final String platform;

  SimulatedFijiUpdater(Path fiji, String platform) {
    this.fiji = fiji;
    this.platform = platform;
  }

  /** The site's records by version-stripped name, as the updater's {@code FilesCollection} keys them. */
  static Map<String, Record> readSite(Path site) throws Exception {
    org.w3c.dom.Document doc;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(site.resolve("db.xml.gz")))) {
      doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
    Map<String, Record> records = new LinkedHashMap<>();
    NodeList plugins = doc.getDocumentElement().getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      Record r = new Record();
      r.filename = p.getAttribute("filename");
      for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!(n instanceof Element)) {
          continue;
        }
        Element c = (Element) n;
        if (c.getTagName().equals("platform")) {
          r.platforms.add(c.getTextContent().trim());
        } else if (c.getTagName().equals("version")) {
          // the reader takes checksum and timestamp only; any other attribute of <version> is ignored
          r.checksum = c.getAttribute("checksum");
          r.timestamp = c.getAttribute("timestamp");
          NodeList deps = c.getElementsByTagName("dependency");
          for (int d = 0; d < deps.getLength(); d++) {
            r.dependencies.add(((Element) deps.item(d)).getAttribute("filename"));
          }
        } else if (c.getTagName().equals("previous-version")) {
          r.previousChecksums.add(c.getAttribute("checksum"));
        }
      }
      if (records.put(strip(r.filename), r) != null) {
        throw new AssertionError("two records for " + strip(r.filename) + ": the updater keeps only one");
      }
    }
    return records;
  }

  static String strip(String filename) {
    return FileUtils.stripFilenameVersion(filename);
  }

  /** Whether a record is for this Fiji's platform ({@code macosx}: every Mac). */
  boolean applies(Record r) {
    return r.platforms.isEmpty() || r.platforms.contains(platform)
        || (r.platforms.contains("macosx") && platform.startsWith("macos"));
  }

  /** The files under plugins/ and jars/ (with its platform folders), by version-stripped name. */
  Map<String, Local> scan() throws IOException {
    Map<String, Local> local = new TreeMap<>();
    for (String dir : List.of("plugins", "jars")) {
      Path root = fiji.resolve(dir);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        for (Path p : s.filter(Files::isRegularFile).collect(Collectors.toList())) {
          String rel = fiji.relativize(p).toString().replace('\\', '/');
          local.put(strip(rel), new Local(rel, digest(rel, p)));
        }
      }
    }
    return local;
  }

  /** Every record's status and the local files no record knows (LOCAL_ONLY), by version-stripped name. */
  Map<String, Status> statuses(Path site) throws Exception {
    Map<String, Record> records = readSite(site);
    Map<String, Local> local = scan();
    Map<String, Status> result = new TreeMap<>();
    for (Map.Entry<String, Record> e : records.entrySet()) {
      Record r = e.getValue();
      Local l = local.get(e.getKey());
      Status s;
      if (l == null) {
        s = r.checksum == null ? null : Status.NOT_INSTALLED;
      } else if (r.checksum != null && r.checksum.equals(l.checksum)) {
        s = Status.INSTALLED;
      } else if (r.previousChecksums.contains(l.checksum)) {
        s = r.checksum == null ? Status.OBSOLETE : Status.UPDATEABLE;
      } else {
        s = r.checksum == null ? Status.OBSOLETE_MODIFIED : Status.MODIFIED;
      }
      if (s != null) {
        result.put(e.getKey(), s);
      }
    }
    for (String k : local.keySet()) {
      result.putIfAbsent(k, Status.LOCAL_ONLY);
    }
    return result;
  }

  /**
   * Enabling the site and applying: installs what is not installed, updates what is updatable, removes what is
   * obsolete, leaves locally modified files alone. Everything is downloaded and checked first; one missing or
   * wrong download fails the whole run with nothing installed. Returns the files written or removed.
   */
  List<String> update(Path site) throws Exception {
    Map<String, Record> records = readSite(site);
    Map<String, Local> local = scan();
    Map<String, Status> statuses = statuses(site);
    Map<Record, byte[]> downloads = new LinkedHashMap<>();
    List<String> removals = new ArrayList<>();
    for (Map.Entry<String, Record> e : records.entrySet()) {
      Record r = e.getValue();
      Status s = statuses.get(e.getKey());
      if (!applies(r) || s == null) {
        continue;
      }
      if (s == Status.NOT_INSTALLED || s == Status.UPDATEABLE) {
        Path url = site.resolve(r.filename + "-" + r.timestamp);
        if (!Files.isRegularFile(url)) {
          throw new IOException("download failed, nothing installed: " + url);
        }
        byte[] bytes = Files.readAllBytes(url);
        Path check = Files.createTempFile("download", ".tmp");
        try {
          Files.write(check, bytes);
          String got = digest(r.filename, check);
          if (!got.equals(r.checksum)) {
            throw new IOException("checksum mismatch for " + url + ": " + got + " != " + r.checksum);
          }
        } finally {
          Files.delete(check);
        }
        downloads.put(r, bytes);
        if (s == Status.UPDATEABLE) {
          removals.add(local.get(e.getKey()).path);
        }
      } else if (s == Status.OBSOLETE) {
        removals.add(local.get(e.getKey()).path);
      }
    }
    List<String> changed = new ArrayList<>();
    for (String path : removals) {
      Files.delete(fiji.resolve(path));
      changed.add("-" + path);
    }
    for (Map.Entry<Record, byte[]> d : downloads.entrySet()) {
      Path target = fiji.resolve(d.getKey().filename);
      Files.createDirectories(target.getParent());
      Files.write(target, d.getValue());
      changed.add("+" + d.getKey().filename);
    }
    return changed;
  }

  /**
   * The updater's checksum, from UPDATE-SITE.md: for a jar SHA-1 over the entries sorted by name, each its name
   * (as ASCII) then its content, .properties without their '#' lines ({@link #dropHashLines}), the manifest without
   * content; otherwise SHA-1 of the path then the bytes.
   */
  static String digest(String path, Path file) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      if (!path.endsWith(".jar")) {
        md.update(path.getBytes(StandardCharsets.US_ASCII));
        md.update(Files.readAllBytes(file));
      } else {
        try (JarFile jar = new JarFile(file.toFile())) {
          TreeMap<String, JarEntry> sorted = new TreeMap<>();
          jar.stream().forEach(e -> sorted.put(e.getName(), e));
          for (JarEntry e : sorted.values()) {
            md.update(e.getName().getBytes(StandardCharsets.US_ASCII));
            if (e.getName().equals("META-INF/MANIFEST.MF")) {
              continue;
            }
            byte[] content;
            try (InputStream in = jar.getInputStream(e)) {
              content = in.readAllBytes();
            }
            md.update(e.getName().endsWith(".properties") ? dropHashLines(content) : content);
          }
        }
      }
      StringBuilder hex = new StringBuilder();
      for (byte b : md.digest()) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The updater's comment filter, stated per line (what imagej-updater's {@code SkipHashedLines} does, read from its
   * source; UPDATE-SITE.md only says "comment lines dropped"): a line is a comment when it starts with '#' and
   * counts as starting a line; a comment keeps only its '\n'. Every line counts except one that follows an empty
   * line or a line made of '#' only (twelvemonkeys' license headers have such "#" lines, so real jars reach this).
   */
  private static byte[] dropHashLines(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean counts = true;
    for (String line : new String(in, StandardCharsets.ISO_8859_1).split("(?<=\n)")) {
      String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
      boolean comment = counts && text.startsWith("#");
      String kept = comment ? line.substring(text.length()) : line;
      out.write(kept.getBytes(StandardCharsets.ISO_8859_1), 0, kept.length());
      counts = !(counts && (text.isEmpty() || text.matches("#+")));
    }
    return out.toByteArray();
  }
}
