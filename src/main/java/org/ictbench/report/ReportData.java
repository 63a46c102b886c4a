package org.ictbench.report;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * @param changeDecomposition gold.idi_change_decomposition or null
 * @param observationLatest silver.observation_latest
 * @param peerBenchmark gold.peer_benchmark or null
 * @param peerPosition gold.peer_position or null
 * @param claims the claims check result ({@link ClaimsCheck#RESULT}) or null
 * @param publishedIdi ITU's published IDI ({@link ClaimsCheck#publishedIdi})
 * @param names economy names by ISO alpha-3 (missing ones show as the code)
 * @param vintages table name → version text
 * @param origin where the data came from (the curated root), shown in the report header
 */
public record ReportData(Dataset<Row> idiScore, Dataset<Row> indicatorScore, Dataset<Row> changeDecomposition,
    Dataset<Row> observationLatest, Dataset<Row> peerBenchmark, Dataset<Row> peerPosition, Dataset<Row> claims,
    Dataset<Row> publishedIdi, Map<String, String> names, Map<String, String> vintages, String origin) {

  /** Without the change decomposition (the report then has no "what moved" text). */
  public ReportData(Dataset<Row> idiScore, Dataset<Row> indicatorScore, Dataset<Row> observationLatest,
      Dataset<Row> peerBenchmark, Dataset<Row> peerPosition, Dataset<Row> claims, Dataset<Row> publishedIdi,
      Map<String, String> names, Map<String, String> vintages, String origin) {
    this(idiScore, indicatorScore, null, observationLatest, peerBenchmark, peerPosition, claims, publishedIdi, names,
        vintages, origin);
  }

  /**
   * One economy's IDI edition from gold.idi_score with its 80% intervals (null where the table has
   * none: ITU's inputs only, or a lake written before intervals existed).
   */
  public record IdiEdition(int edition, String iso3, String status, double idi, Double universal, Double meaningful,
      Double idiLow, Double idiHigh, Double universalLow, Double universalHigh, Double meaningfulLow,
      Double meaningfulHigh) {
    /** Whether the IDI has an interval wider than its printed precision (nowcasts, imputed inputs). */
    public boolean hasInterval() {
      return idiLow != null && idiHigh != null && idiHigh - idiLow >= 0.05;
    }
  }

  /** The scored editions (idi not null) of the given economies, by edition then economy. */
  public List<IdiEdition> idiEditions(List<String> iso3s) {
    boolean intervals = Arrays.asList(idiScore.columns()).contains("idi_low");
    List<String> cols = new ArrayList<>(List.of("edition", "iso3", "status", "idi", "universal", "meaningful"));
    if (intervals) {
      cols.addAll(List.of("idi_low", "idi_high", "universal_low", "universal_high", "meaningful_low", "meaningful_high"));
    }
    List<IdiEdition> out = new ArrayList<>();
    for (Row r : idiScore.where(col("iso3").isin(iso3s.toArray()).and(col("idi").isNotNull()))
        .selectExpr(cols.toArray(new String[0])).orderBy("edition", "iso3").collectAsList()) {
      out.add(new IdiEdition(r.getInt(0), r.getString(1), r.getString(2), r.getDouble(3), dbl(r, 4), dbl(r, 5),
          intervals ? dbl(r, 6) : null, intervals ? dbl(r, 7) : null, intervals ? dbl(r, 8) : null,
          intervals ? dbl(r, 9) : null, intervals ? dbl(r, 10) : null, intervals ? dbl(r, 11) : null));
    }
    return out;
  }

  /** One input's part in an IDI change (gold.idi_change_decomposition row). */
  public record InputChange(String indicator, Double valueFrom, Integer yearFrom, Double valueTo, Integer yearTo,
      String provenanceTo, Integer ageTo, String methodTo, double contribution) {
    /** Whether the later value is not a value for its edition's reference year: carried, lagged or imputed. */
    public boolean estimated() {
      return "imputed".equals(provenanceTo) || "carried_forward".equals(provenanceTo)
          || ageTo != null && ageTo > 0;
    }
  }

  /**
   * What moved an economy's IDI from its last reproduced edition to a nowcast: the change, the
   * nowcast's interval, every input's contribution (largest first) and which inputs are estimated.
   */
  public record ChangeExplanation(String iso3, int editionFrom, int editionTo, String statusFrom, String statusTo,
      double idiFrom, double idiTo, Double idiLowTo, Double idiHighTo, List<InputChange> inputs) {
    public double change() {
      return idiTo - idiFrom;
    }

    /** The {@code n} inputs that moved the IDI most (by absolute contribution). */
    public List<InputChange> topMovers(int n) {
      return inputs.subList(0, Math.min(n, inputs.size()));
    }

    /** The inputs of the later edition that are carried forward, lagged or imputed. */
    public List<InputChange> estimatedInputs() {
      return inputs.stream().filter(InputChange::estimated).toList();
    }
  }

  /**
   * For each nowcast of the economy, the change from its last reproduced edition (rows of
   * gold.idi_change_decomposition with from_last_reproduced); empty when the table is absent.
   */
  public List<ChangeExplanation> changeExplanations(String iso3) {
    if (changeDecomposition == null || !Arrays.asList(changeDecomposition.columns()).contains("from_last_reproduced")) {
      return List.of();
    }
    Map<Integer, IdiEdition> intervals = new LinkedHashMap<>();
    idiEditions(List.of(iso3)).forEach(e -> intervals.put(e.edition(), e));
    Map<String, List<Row>> pairs = new java.util.TreeMap<>();
    for (Row r : changeDecomposition.where(col("iso3").equalTo(iso3).and(col("from_last_reproduced")))
        .collectAsList()) {
      pairs.computeIfAbsent(r.getAs("edition_from") + "/" + r.getAs("edition_to"), k -> new ArrayList<>()).add(r);
    }
    List<ChangeExplanation> out = new ArrayList<>();
    for (List<Row> rows : pairs.values()) {
      Row first = rows.get(0);
      List<InputChange> inputs = new ArrayList<>();
      for (Row r : rows) {
        Double c = r.getAs("contribution");
        inputs.add(new InputChange(r.getAs("indicator"), r.getAs("value_from"), r.getAs("year_from"), r.getAs("value_to"),
            r.getAs("year_to"), r.getAs("provenance_to"), r.getAs("value_age_to"), r.getAs("method_to"),
            c == null ? 0 : c));
      }
      inputs.sort(java.util.Comparator.comparingDouble((InputChange i) -> -Math.abs(i.contribution()))
          .thenComparing(InputChange::indicator));
      int to = first.<Integer>getAs("edition_to");
      IdiEdition e = intervals.get(to);
      out.add(new ChangeExplanation(iso3, first.<Integer>getAs("edition_from"), to, first.getAs("status_from"),
          first.getAs("status_to"), first.<Double>getAs("idi_from"), first.<Double>getAs("idi_to"),
          e == null || !e.hasInterval() ? null : e.idiLow(), e == null || !e.hasInterval() ? null : e.idiHigh(),
          List.copyOf(inputs)));
    }
    return out;
  }

  private static Double dbl(Row r, int i) {
    return r.isNullAt(i) ? null : r.getDouble(i);
  }

  /** Reads what exists under the curated root; {@code claimsFile} may be null. */
  public static ReportData load(Lakehouse lake, String claimsFile) {
    Map<String, String> vintages = new LinkedHashMap<>();
    Dataset<Row> idi = read(lake, Table.IDI_SCORE, vintages);
    Dataset<Row> ind = read(lake, Table.IDI_INDICATOR_SCORE, vintages);
    Dataset<Row> change = optional(lake, Table.IDI_CHANGE_DECOMPOSITION.qualifiedName(), vintages);
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
    return new ReportData(idi, ind, change, obs, bench, pos, claims, ClaimsCheck.publishedIdi(lake.spark()), names,
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
