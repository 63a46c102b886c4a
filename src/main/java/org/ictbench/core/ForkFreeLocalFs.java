package org.ictbench.core;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FsConstants;
import org.apache.hadoop.fs.FsServerDefaults;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.local.LocalConfigKeys;

/**
 * The {@code FileContext} view of {@link ForkFreeRawLocalFileSystem} ({@code fs.AbstractFileSystem.file.impl}
 * for local sessions: Delta writes its log through {@code FileContext}), the same as Hadoop's
 * {@code RawLocalFs} over Hadoop's raw local file system.
 */
public final class ForkFreeLocalFs extends DelegateToFileSystem {
  public ForkFreeLocalFs(URI uri, Configuration conf) throws IOException, URISyntaxException {
    super(uri, new ForkFreeRawLocalFileSystem(), conf, FsConstants.LOCAL_FS_URI.getScheme(), false);
  }

  @Override
  public int getUriDefaultPort() {
    return -1; // no default port for file:///
  }

  @Override
  public FsServerDefaults getServerDefaults(Path f) throws IOException {
    return LocalConfigKeys.getServerDefaults();
  }

  @Override
  @Deprecated
  public FsServerDefaults getServerDefaults() throws IOException {
    return LocalConfigKeys.getServerDefaults();
  }

  @Override
  public boolean isValidName(String src) {
    return true; // local file systems differ in what they accept: the OS decides, as in RawLocalFs
  }
}
