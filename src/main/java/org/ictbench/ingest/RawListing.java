package org.ictbench.ingest;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.ictbench.core.Errors;

/**
 * The entries under the raw root: the regular files a run reads, and every other entry with the
 * reason it is not read, so nothing under the root is left out silently and nothing outside it gets
 * in. Not read: hidden names (a leading '.' or '_', which Hadoop and Spark treat as hidden; a hidden
 * folder is one entry), symbolic links (one leading out of the root is never followed; one staying
 * inside is read under its target's own name), FIFOs, sockets and devices (never opened: opening a
 * FIFO blocks until a writer comes), and unreadable entries. The root's {@code _manifest.csv} is the
 * manifest, not data. On a local file system the walk reads each entry's own attributes (links are
 * not followed); on other file systems (HDFS, S3) Hadoop's listing, which reports links as links.
 */
record RawListing(HadoopConf conf, String rootUri, List<String> files, long totalBytes,
    HashMap<String, String[]> manifest, List<Ingest.Unread> unread) {

  static final String HIDDEN = "hidden name (a leading '.' or '_', which Hadoop and Spark treat as hidden): not read;"
      + " rename it to ingest it";

  /**
   * @param requireFolder true for the pipeline's --raw (a file there is an error); false lets a test or an
   *     embedding application scan one file
   */
  static RawListing of(Configuration hadoop, String rawUri, boolean requireFolder) {
    Path root = new Path(rawUri);
    List<String> files = new ArrayList<>();
    List<Ingest.Unread> unread = new ArrayList<>();
    long[] bytes = {0};
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        throw Errors.inputNotFound("Raw input folder", rawUri);
      }
      root = fs.makeQualified(root);
      FileStatus rootStatus = fs.getFileStatus(root);
      if (!rootStatus.isDirectory()) {
        if (requireFolder) {
          throw Errors.rawNotAFolder(rawUri);
        }
        files.add(root.toString());
        bytes[0] += rootStatus.getLen();
      } else if ("file".equals(root.toUri().getScheme())) {
        walkLocal(java.nio.file.Path.of(root.toUri()), files, unread, bytes);
      } else {
        walkHadoop(fs, root, true, files, unread, bytes);
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(rawUri, "folder", e.toString(), e);
    }
    Collections.sort(files);
    unread.sort(Comparator.comparing(Ingest.Unread::uri));
    HadoopConf conf = new HadoopConf(hadoop);
    String rootUri = root.toString();
    return new RawListing(conf, rootUri, files, bytes[0], Manifest.read(conf, rootUri), unread);
  }

  private static void walkLocal(java.nio.file.Path root, List<String> files, List<Ingest.Unread> unread, long[] bytes)
      throws IOException {
    java.nio.file.Path realRoot = root.toRealPath();
    Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(java.nio.file.Path dir, BasicFileAttributes attrs) {
            if (!dir.equals(root) && hidden(dir.getFileName().toString())) {
              unread.add(new Ingest.Unread(uri(dir) + "/", "hidden folder (a leading '.' or '_', which Hadoop and"
                  + " Spark treat as hidden): nothing in it is read; rename it to ingest its files"));
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
            String name = file.getFileName().toString();
            String why = null;
            if (attrs.isSymbolicLink()) {
              why = link(file, realRoot);
            } else if (attrs.isOther()) {
              why = special(file) + ": not a regular file, never opened";
            } else if (attrs.isDirectory()) {
              why = "not a regular file";
            } else if (hidden(name)) {
              if (file.getParent().equals(root) && name.equals(Manifest.NAME)) {
                return FileVisitResult.CONTINUE; // the manifest: read by Manifest, not data
              }
              why = HIDDEN;
            } else if (!Files.isReadable(file)) {
              why = "not readable by this user (permission denied): not read; fix its permissions to ingest it";
            }
            if (why != null) {
              unread.add(new Ingest.Unread(uri(file), why));
            } else {
              files.add(uri(file));
              bytes[0] += attrs.size();
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) throws IOException {
            if (file.equals(root)) {
              throw e;
            }
            unread.add(new Ingest.Unread(uri(file), "cannot be listed (" + e + "): not read"));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  /** Why a symbolic link is not read. */
  private static String link(java.nio.file.Path file, java.nio.file.Path realRoot) {
    String target;
    try {
      target = Files.readSymbolicLink(file).toString();
    } catch (IOException e) {
      target = "?";
    }
    java.nio.file.Path real;
    try {
      real = file.toRealPath();
    } catch (java.nio.file.NoSuchFileException e) {
      return "symbolic link to " + target + ", which does not exist: not read";
    } catch (IOException e) {
      return "symbolic link to " + target + " that cannot be resolved (" + e.getMessage() + "): not read";
    }
    if (real.startsWith(realRoot)) {
      return "symbolic link to " + target + ", inside the raw folder: read under its own name there, not twice";
    }
    return "symbolic link to " + real + ", outside the raw folder: never followed";
  }

  /** What kind of special file (FIFO, socket, device) an entry is, from its mode bits; never opens it. */
  private static String special(java.nio.file.Path file) {
    try {
      int type = ((Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 0170000;
      return switch (type) {
        case 0010000 -> "named pipe (FIFO)";
        case 0140000 -> "socket";
        case 0020000 -> "character device";
        case 0060000 -> "block device";
        default -> "special file";
      };
    } catch (IOException | RuntimeException e) {
      return "special file";
    }
  }

  private static void walkHadoop(FileSystem fs, Path dir, boolean isRoot, List<String> files,
      List<Ingest.Unread> unread, long[] bytes) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (hidden(name)) {
        if (!(isRoot && s.isFile() && name.equals(Manifest.NAME))) {
          unread.add(new Ingest.Unread(s.getPath() + (s.isDirectory() ? "/" : ""), HIDDEN));
        }
      } else if (s.isSymlink()) {
        unread.add(new Ingest.Unread(s.getPath().toString(), "symbolic link: never followed"));
      } else if (s.isDirectory()) {
        walkHadoop(fs, s.getPath(), false, files, unread, bytes);
      } else {
        files.add(s.getPath().toString());
        bytes[0] += s.getLen();
      }
    }
  }

  static boolean hidden(String name) {
    return name.startsWith(".") || name.startsWith("_");
  }

  /** The URI string Hadoop gives a local file ({@code file:/a/b c.csv}), the form bronze records. */
  private static String uri(java.nio.file.Path p) {
    return new Path("file", null, p.toAbsolutePath().normalize().toString()).toString();
  }
}
