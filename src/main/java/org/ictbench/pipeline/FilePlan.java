package org.ictbench.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.ictbench.ingest.Ingest;

/**
 * What a run would do with the scanned files, given the checksums bronze.ingest_file already
 * holds: the files to ingest, the unrecognised files to log as skipped, and every entry's outcome
 * (the entries not read and the files skipped, with why, and {@link PipelineResult.FileStatus#PENDING}
 * for the files to ingest), in scan order.
 */
record FilePlan(Map<String, Row> toIngest, List<Row> newlySkipped, List<PipelineResult.FileOutcome> outcomes) {
  static FilePlan of(Ingest.RawScan scan, Set<String> known, boolean force) {
    Map<String, Row> toIngest = new LinkedHashMap<>();
    List<Row> newlySkipped = new ArrayList<>();
    List<PipelineResult.FileOutcome> outcomes = new ArrayList<>();
    for (Ingest.Unread u : scan.unread()) {
      outcomes.add(new PipelineResult.FileOutcome(u.uri(), null, null, PipelineResult.FileStatus.SKIPPED,
          u.reason(), null));
    }
    for (Row f : scan.files()) {
      String sha = f.getAs("file_sha256");
      String uri = f.getAs("file_uri");
      String why = null;
      if (f.getAs("format") == null) {
        why = "not recognised: " + f.getAs("detail");
        if (!known.contains(sha)) {
          newlySkipped.add(f);
        }
      } else if (toIngest.containsKey(sha)) {
        why = "same content as " + toIngest.get(sha).getAs("file_uri");
      } else if (known.contains(sha) && !force) {
        why = "already ingested, checksum " + sha.substring(0, 12);
      } else {
        toIngest.put(sha, f);
      }
      outcomes.add(new PipelineResult.FileOutcome(uri, sha, f.getAs("format"),
          why == null ? PipelineResult.FileStatus.PENDING : PipelineResult.FileStatus.SKIPPED, why, null));
    }
    return new FilePlan(toIngest, newlySkipped, outcomes);
  }

  /** The outcomes with every file to ingest marked ingested, with its counts. */
  List<PipelineResult.FileOutcome> ingested(Map<String, FileCounts> perFile) {
    return outcomes.stream().map(o -> o.status() != PipelineResult.FileStatus.PENDING ? o
        : o.withStatus(PipelineResult.FileStatus.INGESTED, null, perFile.getOrDefault(o.sha256(), FileCounts.NONE)))
        .toList();
  }

  boolean nothingToLog() {
    return toIngest.isEmpty() && newlySkipped.isEmpty();
  }
}
