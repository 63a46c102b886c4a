package org.ictbench.core;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system, minus the processes it forks. Without Hadoop's native library (the
 * Maven jars ship none) it runs {@code chmod} for every file and folder it creates with a permission
 * (every Parquet file, every Delta log and checksum file, every table folder) and {@code readlink} for
 * every rename through {@code FileContext} (how Delta commits): a fork of the whole JVM each, a few
 * hundred per run. Here permissions are set and links detected with {@code java.nio}, which asks the
 * operating system directly; everything else is Hadoop's own code.
 */
public class ForkFreeRawLocalFileSystem extends RawLocalFileSystem {
  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    File file = pathToFile(p);
    try {
      Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString(symbolic(permission)));
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission); // not a POSIX file system: Hadoop's way
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException("File " + p + " does not exist");
    }
  }

  /** {@code rwxr-x---} for the user, group and other actions (the sticky bit has no meaning here). */
  static String symbolic(FsPermission p) {
    return p.getUserAction().SYMBOL + p.getGroupAction().SYMBOL + p.getOtherAction().SYMBOL;
  }

  /**
   * For anything but a symbolic link, its status, which is what Hadoop's version returns for it too,
   * after asking {@code readlink} whether it is one.
   */
  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    if (Files.isSymbolicLink(pathToFile(f).toPath())) {
      return super.getFileLinkStatus(f);
    }
    return getFileStatus(f);
  }
}
