package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * What the report draws from. Peer tables and claims are optional (null when absent). {@code vintages}
 * maps a table name to a short "version N, committed T" text printed under every figure drawn from it.
 *
 * @param idiScore gold.idi_score
 * @param indicatorScore gold.idi_indicator_score
 * @param observationLatest silver.observation_latest
 * @param peerBenchmark gold.peer_benchmark or null
 * @param peerPosition gold.peer_position or null
 * @param claims the claims check result ({@link ClaimsCheck#RESULT}) or null
 * @param publishedIdi ITU's published IDI ({@link ClaimsCheck#publishedIdi})
 * @param names economy names by ISO alpha-3 (missing ones show as the code)
 * @param vintages table name → version text
 * @param origin where the data came from (the curated root), shown in the report header
 */
public record ReportData(Dataset<Row> idiScore, Dataset<Row> indicatorScore, Dataset<Row> observationLatest,
    Dataset<Row> peerBenchmark, Dataset<Row> peerPosition, Dataset<Row> claims, Dataset<Row> publishedIdi,
    Map<String, String> names, Map<String, String> vintages, String origin) {

  /** Reads what exists under the curated root; {@code claimsFile} may be null. */
  public static ReportData load(Lakehouse lake, String claimsFile) {
    Map<String, String> vintages = new LinkedHashMap<>();
    Dataset<Row> idi = read(lake, Table.IDI_SCORE, vintages);
    Dataset<Row> ind = read(lake, Table.IDI_INDICATOR_SCORE, vintages);
    Dataset<Row> obs = read(lake, Table.OBSERVATION_LATEST, vintages);
    Dataset<Row> bench = optional(lake, "gold.peer_benchmark", vintages);
    Dataset<Row> pos = optional(lake, "gold.peer_position", vintages);
    Map<String, String> names = new LinkedHashMap<>();
    if (lake.exists(Table.COUNTRY)) {
      for (Row r : lake.read(Table.COUNTRY).select("iso3", "name_en").collectAsList()) {
        names.put(r.getString(0), r.getString(1));
      }
    }
    Dataset<Row> claims = claimsFile == null ? null : ClaimsReport.check(lake.spark(), lake.root(), claimsFile);
    return new ReportData(idi, ind, obs, bench, pos, claims, ClaimsCheck.publishedIdi(lake.spark()), names,
        vintages, lake.root());
  }

  private static Dataset<Row> read(Lakehouse lake, Table t, Map<String, String> vintages) {
    Dataset<Row> df = lake.read(t);
    vintages.put(t.qualifiedName(), version(lake, t));
    return df;
  }

  /** A table another stage may not have written (yet): null when absent. */
  private static Dataset<Row> optional(Lakehouse lake, String name, Map<String, String> vintages) {
    Optional<Table> t = Table.byQualifiedName(name);
    if (t.isEmpty() || !lake.exists(t.get())) {
      return null;
    }
    return read(lake, t.get(), vintages);
  }

  private static String version(Lakehouse lake, Table t) {
    Row h = DeltaTable.forPath(lake.spark(), lake.path(t)).history(1).select(col("version"), col("timestamp")).first();
    return "version " + h.getLong(0) + ", committed " + h.getTimestamp(1).toInstant().toString().replaceAll("\\.\\d+Z$", "Z");
  }

  String name(String iso3) {
    return names.getOrDefault(iso3, iso3);
  }

  String vintage(String table) {
    return table + " (" + vintages.getOrDefault(table, "version not recorded") + ")";
  }
}
