package org.defocusj.updatesite;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
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
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Turns jars into a Fiji update-site folder: each file stored as {@code <path>-<timestamp>} (the name ImageJ's
 * updater downloads) and a {@code db.xml.gz} in imagej-updater's format listing them.
 *
 * <p>Command line: {@code UpdateSiteBuilder --out DIR [--timestamp yyyyMMddHHmmss] [--description TEXT]
 * sitePath=localFile ...}. The first entry is the plugin: its record gets the description and depends on every
 * other entry. A site path is where Fiji puts the file, with its version, e.g.
 * {@code plugins/DefocusJ_-0.1.0.jar} or {@code jars/linux64/pytorch-native-cpu-2.7.1-linux-x86_64.jar}.
 */
public final class UpdateSiteBuilder {

  /** Timestamp format of the updater (yyyyMMddHHmmss). */
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  /** Fiji's platform folders under jars/. */
  private static final List<String> PLATFORMS = List.of("linux64", "win64", "macosx", "linux32", "win32");

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

  private UpdateSiteBuilder() {}

  public static void main(String[] args) throws IOException {
    Path out = null;
    String timestamp = LocalDateTime.now(ZoneOffset.UTC).format(TIMESTAMP);
    String description = null;
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--out") && i + 1 < args.length) {
        out = Paths.get(args[++i]);
      } else if (a.equals("--timestamp") && i + 1 < args.length) {
        timestamp = args[++i];
      } else if (a.equals("--description") && i + 1 < args.length) {
        description = args[++i];
      } else if (a.contains("=") && !a.startsWith("-")) {
        int eq = a.indexOf('=');
        entries.add(new Entry(a.substring(0, eq), Paths.get(a.substring(eq + 1))));
      } else {
        System.err.println("usage: UpdateSiteBuilder --out DIR [--timestamp yyyyMMddHHmmss]"
            + " [--description TEXT] sitePath=localFile ...");
        System.exit(2);
        return;
      }
    }
    if (out == null || entries.isEmpty()) {
      System.err.println("UpdateSiteBuilder: need --out and at least one sitePath=localFile");
      System.exit(2);
      return;
    }
    build(out, timestamp, description, entries);
    System.out.println("update site: " + out.toAbsolutePath() + " (" + entries.size() + " files, timestamp "
        + timestamp + ")");
  }

  /** Copies every entry to {@code out/<sitePath>-<timestamp>} and writes {@code out/db.xml.gz}. */
  public static void build(Path out, String timestamp, String description, List<Entry> entries)
      throws IOException {
    if (!timestamp.matches("\\d{14}")) {
      throw new IllegalArgumentException("timestamp must be yyyyMMddHHmmss: " + timestamp);
    }
    Files.createDirectories(out);
    StringBuilder xml = new StringBuilder();
    xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<pluginRecords>\n");
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      Path target = out.resolve(e.sitePath + "-" + timestamp);
      Files.createDirectories(target.getParent());
      Files.copy(e.file, target, StandardCopyOption.REPLACE_EXISTING);
      String checksum = checksum(e.sitePath, e.file);
      xml.append(" <plugin filename=\"").append(escape(unversioned(e.sitePath))).append("\">\n");
      String platform = platform(e.sitePath);
      if (platform != null) {
        xml.append("  <platform>").append(platform).append("</platform>\n");
      }
      xml.append("  <version checksum=\"").append(checksum)
          .append("\" timestamp=\"").append(timestamp)
          .append("\" filesize=\"").append(Files.size(e.file));
      if (!unversioned(e.sitePath).equals(e.sitePath)) {
        xml.append("\" filename=\"").append(escape(e.sitePath));
      }
      xml.append("\">\n");
      if (i == 0) {
        if (description != null) {
          xml.append("   <description>").append(escape(description)).append("</description>\n");
        }
        // No dependency on platform jars: enabling the site installs those for Fiji's own platform only.
        for (int j = 1; j < entries.size(); j++) {
          if (platform(entries.get(j).sitePath) != null) {
            continue;
          }
          xml.append("   <dependency filename=\"").append(escape(unversioned(entries.get(j).sitePath)))
              .append("\" timestamp=\"").append(timestamp).append("\"/>\n");
        }
      }
      xml.append("  </version>\n </plugin>\n");
    }
    xml.append("</pluginRecords>\n");
    try (OutputStream os = new GZIPOutputStream(Files.newOutputStream(out.resolve("db.xml.gz")));
        Writer w = new OutputStreamWriter(os, StandardCharsets.UTF_8)) {
      w.write(xml.toString());
    }
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

  private static final Pattern VERSION =
      Pattern.compile("^(.+?)-(\\d[\\w.]*(?:-\\d[\\w.]*)*(?:-SNAPSHOT)?)((?:-[A-Za-z][\\w.-]*)?\\.jar)$");

  /** The updater's record name: the site path without the version, {@code jars/api-0.34.0.jar -> jars/api.jar}. */
  public static String unversioned(String sitePath) {
    int slash = sitePath.lastIndexOf('/');
    String dir = sitePath.substring(0, slash + 1);
    Matcher m = VERSION.matcher(sitePath.substring(slash + 1));
    return m.matches() ? dir + m.group(1) + m.group(3) : sitePath;
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
