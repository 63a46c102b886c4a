package org.ictbench.core;

import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;

/**
 * Hadoop's local file system without its {@code .crc} sidecar files (Parquet and Delta carry their
 * own checks), for local sessions (see {@link SparkSessions#LOCAL_DEFAULTS}). It stays a
 * {@link LocalFileSystem}, which Hadoop code that asks for "the local file system" casts to (S3A's
 * upload buffers, {@code copyFromLocalFile}): setting the raw local file system itself as
 * {@code fs.file.impl} breaks every such caller with a ClassCastException.
 */
public final class SidecarFreeLocalFileSystem extends LocalFileSystem {
  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    setWriteChecksum(false);
    setVerifyChecksum(false);
  }
}
