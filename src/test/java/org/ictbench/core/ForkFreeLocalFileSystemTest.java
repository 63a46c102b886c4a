package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system of local sessions behaves as Hadoop's for what ictbench, Parquet and Delta
 * do with it: permissions set on create, mkdirs and setPermission end up on the files as the
 * operating system reports them, link status is what Hadoop's raw local file system reports, and
 * Delta's way of committing (create a temporary file through FileContext, rename it over) works.
 */
class ForkFreeLocalFileSystemTest {
  @TempDir
  java.nio.file.Path dir;

  private static Configuration conf() {
    Configuration c = new Configuration();
    SparkSessions.LOCAL_DEFAULTS.forEach((k, v) -> c.set(k.substring("spark.hadoop.".length()), v));
    c.setBoolean("fs.file.impl.disable.cache", true);
    return c;
  }

  private static String mode(java.nio.file.Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void permissionsReachTheFilesAsTheOperatingSystemSeesThem() throws Exception {
    FileSystem fs = new Path(dir.toUri()).getFileSystem(conf());
    assertTrue(fs instanceof SidecarFreeLocalFileSystem, fs.getClass().getName());
    Path folder = new Path(dir.toUri().toString(), "a/b");
    assertTrue(fs.mkdirs(folder, new FsPermission((short) 0750)));
    assertEquals("rwxr-x---", mode(dir.resolve("a/b")));
    Path file = new Path(folder, "f.parquet");
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), true, 4096, (short) 1, 1 << 20,
        null)) {
      out.write("x".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-r-----", mode(dir.resolve("a/b/f.parquet")));
    fs.setPermission(file, new FsPermission((short) 0604));
    assertEquals("rw----r--", mode(dir.resolve("a/b/f.parquet")));
    assertFalse(Files.exists(dir.resolve("a/b/.f.parquet.crc")), "no checksum sidecar");
    assertThrows(FileNotFoundException.class, () -> fs.setPermission(new Path(folder, "missing"),
        new FsPermission((short) 0644)));
  }

  @Test
  void linkStatusIsWhatHadoopsOwnFileSystemSays() throws Exception {
    FileSystem fs = new Path(dir.toUri()).getFileSystem(conf());
    org.apache.hadoop.fs.RawLocalFileSystem hadoops = new org.apache.hadoop.fs.RawLocalFileSystem();
    hadoops.initialize(dir.toUri(), new Configuration());
    Files.writeString(dir.resolve("target.txt"), "abc");
    Files.createSymbolicLink(dir.resolve("link.txt"), dir.resolve("target.txt"));
    for (String name : new String[] {"target.txt", "link.txt", ""}) {
      Path p = new Path(dir.resolve(name).toUri());
      FileStatus ours = fs.getFileLinkStatus(p);
      FileStatus theirs = hadoops.getFileLinkStatus(p);
      assertEquals(theirs.isSymlink(), ours.isSymlink(), name);
      assertEquals(theirs.isDirectory(), ours.isDirectory(), name);
      assertEquals(theirs.getLen(), ours.getLen(), name);
      assertEquals(theirs.getPath(), ours.getPath(), name);
    }
    assertFalse(fs.getFileLinkStatus(new Path(dir.resolve("target.txt").toUri())).isSymlink());
    assertThrows(FileNotFoundException.class, () -> fs.getFileLinkStatus(new Path(dir.resolve("none").toUri())));
  }

  @Test
  void fileContextCreatesAndRenamesOverAsDeltaCommits() throws Exception {
    FileContext fc = FileContext.getFileContext(dir.toUri(), conf());
    Path tmp = new Path(dir.toUri().toString(), "_delta_log/.00000000000000000001.json.tmp");
    Path commit = new Path(dir.toUri().toString(), "_delta_log/00000000000000000001.json");
    Files.createDirectories(dir.resolve("_delta_log"));
    Files.writeString(dir.resolve("_delta_log/00000000000000000001.json"), "old");
    try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE),
        Options.CreateOpts.perms(new FsPermission((short) 0644)), Options.CreateOpts.createParent())) {
      out.write("{\"commitInfo\":{}}".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals("rw-r--r--", mode(dir.resolve("_delta_log/.00000000000000000001.json.tmp")));
    fc.rename(tmp, commit, Options.Rename.OVERWRITE);
    assertEquals("{\"commitInfo\":{}}", Files.readString(dir.resolve("_delta_log/00000000000000000001.json")));
    assertFalse(Files.exists(dir.resolve("_delta_log/.00000000000000000001.json.tmp")));
    assertThrows(org.apache.hadoop.fs.FileAlreadyExistsException.class, () -> {
      try (FSDataOutputStream out = fc.create(tmp, EnumSet.of(CreateFlag.CREATE))) {
        out.write(1);
      }
      fc.rename(tmp, commit, Options.Rename.NONE);
    });
  }
}
