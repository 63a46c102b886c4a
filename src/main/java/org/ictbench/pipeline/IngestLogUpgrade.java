package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.ingest.IngestDetailCodes;

/**
 * Gives the bronze.ingest_file rows an earlier ictbench logged the {@code detail_code} of their
 * {@code detail}: a logged file is not logged again, so without this its code would stay null.
 */
final class IngestLogUpgrade {
  static final String DETAIL_CODE = "detail_code";

  private IngestLogUpgrade() {}

  /** Rewrites the logged rows with a detail and no code (read with Delta Kernel: no Spark job when there are none). */
  static void addDetailCodes(Lakehouse lake, LakeLog log, DeltaWrites writes, String runId) {
    Optional<LakeLog.Declared> declared = log.declared(Table.INGEST_FILE);
    if (declared.isEmpty()) {
      return;
    }
    boolean hasCode = declared.get().comments().containsKey(DETAIL_CODE);
    Set<String> shas = new TreeSet<>();
    for (Object[] r : log.rows(Table.INGEST_FILE, hasCode ? List.of("file_sha256", "detail", DETAIL_CODE)
        : List.of("file_sha256", "detail"))) {
      if (r[1] != null && (!hasCode || r[2] == null)) {
        shas.add(String.valueOf(r[0]));
      }
    }
    if (shas.isEmpty()) {
      return;
    }
    Dataset<Row> rows = lake.read(Table.INGEST_FILE).filter(col("file_sha256").isin(shas.toArray()))
        .withColumn(DETAIL_CODE, IngestDetailCodes.shipped().codeColumn(col("detail"))).localCheckpoint();
    writes.replaceFiles(rows, Table.INGEST_FILE, shas, runId);
  }
}
