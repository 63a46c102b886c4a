package org.ictbench.ingest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/** A serializable copy of the driver's Hadoop configuration, so executors open s3a:/hdfs: files the same way. */
final class HadoopConf implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> entries = new HashMap<>();
  private transient Configuration conf;

  HadoopConf(Configuration driverConf) {
    driverConf.forEach(e -> entries.put(e.getKey(), e.getValue()));
  }

  Configuration get() {
    if (conf == null) {
      Configuration c = new Configuration(false);
      entries.forEach(c::set);
      conf = c;
    }
    return conf;
  }
}
