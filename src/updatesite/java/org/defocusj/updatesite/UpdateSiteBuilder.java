package org.defocusj.updatesite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.scijava.util.FileUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Turns jars into a Fiji update-site folder laid out as Fiji's own upload lays one out (the rules in
 * update-site/README.md): a {@code <plugin filename>} is the installed path with its version, the file is stored at
 * {@code <filename>-<timestamp>} (the URL the updater downloads), and records are matched across builds by the name
 * with the version stripped, by scijava-common's {@code FileUtils.stripFilenameVersion}, the function the updater
 * keys its records with (so it must be on the class path).
 *
 * <p>Command line: {@code UpdateSiteBuilder --out DIR [--timestamp yyyyMMddHHmmss] [--description TEXT]
 * [--previous URL|FOLDER|FILE] sitePath=localFile ...}. The first entry is the plugin: its record gets the
 * description and depends on every other entry that is not platform-specific. A site path is where Fiji puts the
 * file, with its version, e.g. {@code plugins/DefocusJ_-0.1.0.jar} or
 * {@code jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar}. {@code --previous} is the db.xml.gz of the site
 * as users have it now: its history is carried over, so their installs stay updatable.
 */
public final class UpdateSiteBuilder {

  /** Timestamp format of the updater (yyyyMMddHHmmss). */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  /**
   * Fiji's platform folders under jars/ (imagej-updater's {@code Platforms}). {@code macosx} means every Mac, so an
   * Apple-silicon-only jar goes under {@code macos-arm64} and an Intel one under {@code macos64}.
   */
  private static final List<String> PLATFORMS =
      List.of("linux64", "win64", "macos-arm64", "macos64", "linux-arm64", "macosx", "linux32", "win32");

  /** One file of the site. */
  public static final class Entry {
    final String sitePath;
    final Path file;

    public Entry(String sitePath, Path file) {
      if (sitePath.startsWith("/") || sitePath.contains("..") || sitePath.contains("\\")) {
        throw new IllegalArgumentException("bad site path: " + sitePath);
      }
      this.sitePath = sitePath;
      this.file = file;
    }
  }

  /** One version of a file as a db.xml.gz records it. */
  private static final class Version {
    final String checksum;
    final String timestamp;
    final String timestampObsolete;
    final String filename;

    Version(String checksum, String timestamp, String timestampObsolete, String filename) {
      this.checksum = checksum;
      this.timestamp = timestamp;
      this.timestampObsolete = timestampObsolete;
      this.filename = filename;
    }
  }

  /** A record of the previous db.xml.gz: its current version (null if already obsolete) and its history. */
  private static final class Record {
    final String filename;
    final List<String> platforms = new ArrayList<>();
    Version current;
    final List<Version> previous = new ArrayList<>();

    Record(String filename) {
      this.filename = filename;
    }

    /** The history a new build writes: every earlier version, the one current until now included. */
    List<Version> history(String newChecksum, String obsoleteSince) {
      List<Version> all = new ArrayList<>(previous);
      if (current != null && !current.checksum.equals(newChecksum)) {
        all.add(new Version(current.checksum, current.timestamp, obsoleteSince, filename));
      }
      return all;
    }
  }

  private UpdateSiteBuilder() {}

  public static void main(String[] args) throws IOException {
    Path out = null;
    String timestamp = LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    String description = null;
    String previous = null;
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--out") && i + 1 < args.length) {
        out = Paths.get(args[++i]);
      } else if (a.equals("--timestamp") && i + 1 < args.length) {
        timestamp = args[++i];
      } else if (a.equals("--description") && i + 1 < args.length) {
        description = args[++i];
      } else if (a.equals("--previous") && i + 1 < args.length) {
        previous = args[++i];
      } else if (a.contains("=") && !a.startsWith("-")) {
        int eq = a.indexOf('=');
        entries.add(new Entry(a.substring(0, eq), Paths.get(a.substring(eq + 1))));
      } else {
        System.err.println("usage: UpdateSiteBuilder --out DIR [--timestamp yyyyMMddHHmmss]"
            + " [--description TEXT] [--previous URL|FOLDER|FILE] sitePath=localFile ...");
        System.exit(2);
        return;
      }
    }
    if (out == null || entries.isEmpty()) {
      System.err.println("UpdateSiteBuilder: need --out and at least one sitePath=localFile");
      System.exit(2);
      return;
    }
    byte[] previousDb = previous == null ? null : readPrevious(previous);
    build(out, timestamp, description, entries, previousDb);
    System.out.println("update site: " + out.toAbsolutePath() + " (" + entries.size() + " files, timestamp "
        + timestamp + (previous == null ? "" : ", history from " + previous) + ")");
  }

  /**
   * The gzipped db.xml.gz named by {@code --previous}: a URL (of the db itself, or of the site when it ends with
   * '/'), a site folder, or the file.
   */
  public static byte[] readPrevious(String source) throws IOException {
    if (source.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      URL url = new URL(source.endsWith("/") ? source + "db.xml.gz" : source);
      try (InputStream in = url.openStream()) {
        return in.readAllBytes();
      }
    }
    Path p = Paths.get(source);
    return Files.readAllBytes(Files.isDirectory(p) ? p.resolve("db.xml.gz") : p);
  }

  /** {@link #build(Path, String, String, List, byte[])} without a previous site. */
  public static void build(Path out, String timestamp, String description, List<Entry> entries)
      throws IOException {
    build(out, timestamp, description, entries, null);
  }

  /**
   * Copies every entry to {@code out/<sitePath>-<timestamp>} and writes {@code out/db.xml.gz}. With
   * {@code previousDb} (a gzipped db.xml.gz), every file keeps its history as {@code <previous-version>}s, a file
   * whose content did not change keeps its timestamp, and a record no entry continues (a file dropped, or renamed
   * so that its version-stripped name changed) stays, obsolete: no current version, its versions as previous ones,
   * so the updater removes the installed copy instead of leaving it beside its successor.
   */
  public static void build(Path out, String timestamp, String description, List<Entry> entries,
      byte[] previousDb) throws IOException {
    if (!timestamp.matches("\\d{14}")) {
      throw new IllegalArgumentException("timestamp must be yyyyMMddHHmmss: " + timestamp);
    }
    Map<String, Record> previous = previousDb == null ? new LinkedHashMap<>() : parse(previousDb);
    Files.createDirectories(out);
    List<String> checksums = new ArrayList<>();
    List<String> timestamps = new ArrayList<>();
    List<Record> records = new ArrayList<>();
    for (Entry e : entries) {
      String checksum = checksum(e.sitePath, e.file);
      Record old = previous.remove(key(e.sitePath));
      boolean unchanged = old != null && old.current != null && old.current.checksum.equals(checksum)
          && old.filename.equals(e.sitePath);
      checksums.add(checksum);
      timestamps.add(unchanged ? old.current.timestamp : timestamp);
      records.add(old);
    }
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pluginRecords>\n");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      Path target = out.resolve(e.sitePath + "-" + timestamps.get(i));
      Files.createDirectories(target.getParent());
      Files.copy(e.file, target, StandardCopyOption.REPLACE_EXISTING);
      String platform = platform(e.sitePath);
      startRecord(xml, e.sitePath, platform == null ? List.of() : List.of(platform));
      xml.append("  <version checksum=\"").append(checksums.get(i))
          .append("\" timestamp=\"").append(timestamps.get(i))
          .append("\" filesize=\"").append(Files.size(e.file)).append("\">\n");
      if (i == 0) {
        if (description != null) {
          xml.append("   <description>").append(escape(description)).append("</description>\n");
        }
        // No dependency on platform jars: enabling the site installs those for Fiji's own platform only.
        for (int j = 1; j < entries.size(); j++) {
          if (platform(entries.get(j).sitePath) != null) {
            continue;
          }
          xml.append("   <dependency filename=\"").append(escape(key(entries.get(j).sitePath)))
              .append("\" timestamp=\"").append(timestamps.get(j)).append("\"/>\n");
        }
      }
      xml.append("  </version>\n");
      if (records.get(i) != null) {
        appendHistory(xml, records.get(i).history(checksums.get(i), timestamp));
      }
      xml.append(" </plugin>\n");
    }
    for (Record gone : previous.values()) {
      startRecord(xml, gone.filename, gone.platforms);
      appendHistory(xml, gone.history(null, timestamp));
      xml.append(" </plugin>\n");
    }
    xml.append("</pluginRecords>\n");
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out.resolve("db.xml.gz")));
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
      w.write(xml.toString());
    }
  }

  private static void startRecord(StringBuilder xml, String filename, List<String> platforms) {
    xml.append(" <plugin filename=\"").append(escape(filename)).append("\">\n");
    for (String p : platforms) {
      xml.append("  <platform>").append(escape(p)).append("</platform>\n");
    }
  }

  private static void appendHistory(StringBuilder xml, List<Version> versions) {
    for (Version v : versions) {
      xml.append("  <previous-version timestamp=\"").append(v.timestamp).append('"');
      if (v.timestampObsolete != null) {
        xml.append(" timestamp-obsolete=\"").append(v.timestampObsolete).append('"');
      }
      xml.append(" checksum=\"").append(v.checksum).append('"');
      if (v.filename != null) {
        xml.append(" filename=\"").append(escape(v.filename)).append('"');
      }
      xml.append("/>\n");
    }
  }

  /** The records of a gzipped db.xml.gz by {@link #key}. */
  private static Map<String, Record> parse(byte[] gzipped) throws IOException {
    Document doc;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      doc = f.newDocumentBuilder().parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("previous db.xml.gz is not a site database: " + e.getMessage(), e);
    }
    Map<String, Record> records = new LinkedHashMap<>();
    NodeList plugins = doc.getDocumentElement().getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element p = (Element) plugins.item(i);
      Record r = new Record(p.getAttribute("filename"));
      for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (!(n instanceof Element)) {
          continue;
        }
        Element c = (Element) n;
        switch (c.getTagName()) {
          case "platform":
            r.platforms.add(c.getTextContent().trim());
            break;
          case "version":
            r.current = new Version(c.getAttribute("checksum"), c.getAttribute("timestamp"), null, null);
            break;
          case "previous-version":
            r.previous.add(new Version(c.getAttribute("checksum"), c.getAttribute("timestamp"),
                c.hasAttribute("timestamp-obsolete") ? c.getAttribute("timestamp-obsolete") : null,
                c.hasAttribute("filename") ? c.getAttribute("filename") : null));
            break;
          default:
            break;
        }
      }
      records.put(key(r.filename), r);
    }
    return records;
  }

  /**
   * The updater's checksum, as a current Fiji computes it for an installed file (so that it does not flag our
   * files as locally modified). For a jar: SHA-1 over its entries sorted by name, each contributing its name
   * then its content, where a {@code .properties} entry loses its comment lines ({@link #withoutHashedLines}:
   * Maven writes a build date there) and {@code META-INF/MANIFEST.MF} contributes no content (the updater keeps
   * only a Main-Class line, and its test for one never matches, so build attributes never count). For any other
   * file: SHA-1 over its site path then its bytes.
   */
  public static String checksum(String sitePath, Path file) throws IOException {
    MessageDigest digest = sha1();
    if (sitePath.endsWith(".jar")) {
      try (JarFile jar = new JarFile(file.toFile())) {
        List<JarEntry> list = Collections.list(jar.entries());
        list.sort((a, b) -> a.getName().compareTo(b.getName()));
        for (JarEntry entry : list) {
          digest.update(entry.getName().getBytes(StandardCharsets.US_ASCII));
          if (entry.getName().equals("META-INF/MANIFEST.MF")) {
            continue;
          }
          try (InputStream in = jar.getInputStream(entry)) {
            if (entry.getName().endsWith(".properties")) {
              digest.update(withoutHashedLines(in.readAllBytes()));
            } else {
              update(digest, in);
            }
          }
        }
      }
    } else {
      digest.update(sitePath.getBytes(StandardCharsets.US_ASCII));
      try (InputStream in = Files.newInputStream(file)) {
        update(digest, in);
      }
    }
    return hex(digest.digest());
  }

  /**
   * The updater's filter of {@code .properties} bytes, quirks included: a '#' at the start of a line drops
   * everything up to the line's '\n' (which stays). A line counts as starting only after a '\n' that ended a
   * non-empty, non-comment line (or at the start of the file): after an empty line or a comment line whose '#'
   * is directly followed by '\n', the next '#' is kept.
   */
  static byte[] withoutHashedLines(byte[] in) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(in.length);
    int[] pos = {0};
    boolean[] atLineStart = {true};
    for (int ch; (ch = readFiltered(in, pos, atLineStart)) >= 0; ) {
      out.write(ch);
    }
    return out.toByteArray();
  }

  private static int readFiltered(byte[] in, int[] pos, boolean[] atLineStart) {
    int ch = pos[0] < in.length ? in[pos[0]++] & 0xff : -1;
    if (atLineStart[0]) {
      if (ch == '#') {
        do {
          ch = readFiltered(in, pos, atLineStart);
        } while (ch != '\n' && ch != -1);
      } else {
        atLineStart[0] = false;
      }
    } else if (ch == '\n') {
      atLineStart[0] = true;
    }
    return ch;
  }

  /**
   * The name the updater keys a record by: the site path without its version
   * ({@code jars/api-0.34.0.jar -> jars/api.jar}). It is scijava-common's rule, which does not strip every
   * version ({@code jars/win64/pytorch-native-cpu-2.7.1-win-x86_64.jar} stays as it is), so renaming such a file
   * makes a new record and the old one must stay, obsolete.
   */
  public static String key(String sitePath) {
    return FileUtils.stripFilenameVersion(sitePath);
  }

  /** Fiji's platform of a file under {@code jars/<platform>/}, or null. */
  static String platform(String sitePath) {
    String[] parts = sitePath.split("/");
    if (parts.length >= 3 && parts[0].equals("jars") && PLATFORMS.contains(parts[1])) {
      return parts[1];
    }
    return null;
  }

  private static void update(MessageDigest digest, InputStream in) throws IOException {
    byte[] buffer = new byte[65536];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      digest.update(buffer, 0, n);
    }
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b & 0xff));
    }
    return sb.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
