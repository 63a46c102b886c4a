package org.ictbench.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A fingerprint of the running ictbench build (its class and resource files, or its jar), so derived
 * tables are rebuilt when the code that computes them changes, not only when their inputs do.
 */
public final class CodeVersion {
  private static String cached;

  private CodeVersion() {}

  public static synchronized String sha256() {
    if (cached == null) {
      cached = compute();
    }
    return cached;
  }

  private static String compute() {
    try {
      Path where = Paths.get(CodeVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      List<Path> files;
      if (Files.isDirectory(where)) {
        try (Stream<Path> s = Files.walk(where)) {
          files = s.filter(Files::isRegularFile).sorted().toList();
        }
      } else {
        files = List.of(where);
      }
      for (Path f : files) {
        md.update(where.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot fingerprint the ictbench build", e);
    } catch (URISyntaxException | NoSuchAlgorithmException | SecurityException e) {
      return "unknown";
    }
  }
}
