package org.ictbench.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;

/**
 * Checks figures stated in a paper against the curated data. Each claim (economy, indicator, year or
 * edition, stated value) comes back as
 * <ul>
 *   <li>{@code confirmed}: a curated value for that economy, indicator and period matches;</li>
 *   <li>{@code explained}: it does not, but the stated value matches something else: the same
 *       indicator in another year or edition, the normalized IDI score (0-100) instead of the value,
 *       the combined coverage score 0.4·3G + 0.6·4G, an IDI pillar instead of the IDI, or the other
 *       economy's value;</li>
 *   <li>{@code differs}: it does not match and nothing explains it;</li>
 *   <li>{@code no_data}: the curated data has no value for that economy, indicator and period, and
 *       nothing explains the figure.</li>
 * </ul>
 * Tolerance: a stated value with d decimals matches a curated value v when |v − stated| ≤ 0.5·10^−d
 * (v rounds to the stated figure); "1" matches 0.5 to 1.5, "84.4" matches 84.35 to 84.45.
 */
public final class ClaimsCheck {
  /** A claims file: one claim per row. */
  public static final StructType CLAIM = new StructType()
      .add("claim_id", DataTypes.StringType, false)
      .add("economy", DataTypes.StringType, false)
      .add("indicator", DataTypes.StringType, false)
      .add("period_kind", DataTypes.StringType, false)
      .add("period", DataTypes.IntegerType, false)
      .add("stated_value", DataTypes.StringType, false)
      .add("stated_unit", DataTypes.StringType)
      .add("where_stated", DataTypes.StringType);

  /** Everything a claim may be compared with. */
  public static final StructType EVIDENCE = new StructType()
      .add("iso3", DataTypes.StringType)
      .add("measure", DataTypes.StringType)
      .add("kind", DataTypes.StringType) // value, score, coverage_score
      .add("period_kind", DataTypes.StringType) // year, edition
      .add("period", DataTypes.IntegerType)
      .add("value", DataTypes.DoubleType)
      .add("source", DataTypes.StringType)
      .add("vintage", DataTypes.StringType)
      .add("detail", DataTypes.StringType);

  /** The outcome table ({@code gold.claims_check}). */
  public static final StructType RESULT = CLAIM
      .add("outcome", DataTypes.StringType)
      .add("curated_value", DataTypes.DoubleType)
      .add("curated_source", DataTypes.StringType)
      .add("curated_vintage", DataTypes.StringType)
      .add("matched_value", DataTypes.DoubleType)
      .add("explanation", DataTypes.StringType)
      .add("tolerance", DataTypes.DoubleType);

  /** Claim measures that are not catalog indicators. */
  public static final Set<String> IDI_MEASURES = Set.of("idi", "idi_universal", "idi_meaningful");

  private ClaimsCheck() {}

  // ---------------------------------------------------------------- I/O edges

  /** Reads a claims CSV (local path or Hadoop URI), validating every row. */
  public static Dataset<Row> readClaims(SparkSession spark, String uri, Set<String> knownIndicators) {
    Path p = Lakehouse.qualify(spark, uri);
    String text;
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw Errors.inputNotFound("Claims file", uri);
      }
      try (InputStream in = fs.open(p)) {
        text = org.ictbench.core.Utf8Text.read(in);
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(uri, "claims CSV", e.getMessage(), e);
    }
    return spark.createDataFrame(parseClaims(uri, text, knownIndicators), CLAIM);
  }

  /** Parses claims CSV text; fails naming the line of the first bad claim. */
  public static List<Row> parseClaims(String name, String text, Set<String> knownIndicators) {
    List<Row> out = new ArrayList<>();
    CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setCommentMarker('#').get();
    try (CSVParser parser = CSVParser.parse(new StringReader(text), fmt)) {
      for (String col : List.of("claim_id", "economy", "indicator", "period_kind", "period", "stated_value")) {
        if (!parser.getHeaderNames().contains(col)) {
          throw Errors.invalidClaims(name, 1, "missing column '" + col + "'");
        }
      }
      boolean hasUnit = parser.getHeaderNames().contains("stated_unit");
      boolean hasWhere = parser.getHeaderNames().contains("where_stated");
      for (CSVRecord r : parser) {
        long line = r.getParser().getCurrentLineNumber();
        String economy = r.get("economy").trim().toUpperCase(Locale.ROOT);
        if (!economy.matches("[A-Z]{3}")) {
          throw Errors.invalidClaims(name, line, "economy '" + r.get("economy") + "' is not an ISO alpha-3 code");
        }
        String indicator = r.get("indicator").trim();
        if (!IDI_MEASURES.contains(indicator) && !knownIndicators.contains(indicator)) {
          throw Errors.invalidClaims(name, line, "unknown indicator '" + indicator
              + "' (use a catalog id such as internet_users_pct, or idi, idi_universal, idi_meaningful)");
        }
        String kind = r.get("period_kind").trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("year") && !kind.equals("edition")) {
          throw Errors.invalidClaims(name, line, "period_kind '" + r.get("period_kind") + "' is not year or edition");
        }
        int period;
        try {
          period = Integer.parseInt(r.get("period").trim());
        } catch (NumberFormatException e) {
          throw Errors.invalidClaims(name, line, "period '" + r.get("period") + "' is not a year");
        }
        String stated = r.get("stated_value").trim();
        if (!stated.matches("-?\\d+(\\.\\d+)?")) {
          throw Errors.invalidClaims(name, line, "stated_value '" + stated + "' is not a plain decimal number");
        }
        out.add(RowFactory.create(r.get("claim_id").trim(), economy, indicator, kind, period, stated,
            hasUnit ? r.get("stated_unit") : null, hasWhere ? r.get("where_stated") : null));
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(name, "claims CSV", e.getMessage(), e);
    }
    return out;
  }

  /** ITU's published IDI scores shipped as reference data ({@code idi/published_idi.csv}). */
  public static Dataset<Row> publishedIdi(SparkSession spark) {
    return ResourceTable.load("idi/published_idi.csv").toDataset(spark, new StructType()
        .add("edition", DataTypes.IntegerType).add("iso3", DataTypes.StringType)
        .add("measure", DataTypes.StringType).add("value", DataTypes.DoubleType)
        .add("source", DataTypes.StringType));
  }

  /** Evidence for the given economies from the curated tables that exist under {@code lake}. */
  public static Dataset<Row> evidence(Lakehouse lake, Set<String> iso3s) {
    SparkSession spark = lake.spark();
    Dataset<Row> empty = spark.createDataFrame(List.of(), EVIDENCE);
    Dataset<Row> obs = lake.exists(Table.OBSERVATION_LATEST) ? lake.read(Table.OBSERVATION_LATEST) : null;
    Dataset<Row> ind = lake.exists(Table.IDI_INDICATOR_SCORE) ? lake.read(Table.IDI_INDICATOR_SCORE) : null;
    Dataset<Row> idi = lake.exists(Table.IDI_SCORE) ? lake.read(Table.IDI_SCORE) : null;
    Dataset<Row> all = evidence(obs, ind, idi, publishedIdi(spark), empty);
    return all.where(col("iso3").isin(iso3s.toArray()));
  }

  // ---------------------------------------------------------------- transformations (no I/O)

  /**
   * The evidence table from silver.observation_latest, gold.idi_indicator_score, gold.idi_score and the
   * published IDI reference (any may be null).
   */
  public static Dataset<Row> evidence(Dataset<Row> observationLatest, Dataset<Row> indicatorScore,
      Dataset<Row> idiScore, Dataset<Row> published, Dataset<Row> empty) {
    List<Dataset<Row>> parts = new ArrayList<>();
    if (observationLatest != null) {
      parts.add(observationLatest.select(col("iso3"), col("indicator").as("measure"), lit("value").as("kind"),
          lit("year").as("period_kind"), col("year").cast("int").as("period"), col("value"),
          concat(lit("silver.observation_latest: "), col("source")).as("source"),
          col("vintage").cast("string").as("vintage"), lit(null).cast("string").as("detail")));
    }
    if (indicatorScore != null) {
      Dataset<Row> s = indicatorScore.where(col("value").isNotNull());
      parts.add(s.select(col("iso3"), col("indicator").as("measure"), lit("value").as("kind"),
          lit("edition").as("period_kind"), col("edition").cast("int").as("period"), col("value"),
          concat(lit("gold.idi_indicator_score: IDI edition "), col("edition").cast("string"),
              lit(" input, data year "), col("data_year").cast("string"), lit(" ("), col("provenance"), lit(")"))
              .as("source"),
          lit(null).cast("string").as("vintage"), lit(null).cast("string").as("detail")));
      parts.add(s.where(col("score").isNotNull()).select(col("iso3"), col("indicator").as("measure"),
          lit("score").as("kind"), lit("edition").as("period_kind"), col("edition").cast("int").as("period"),
          col("score").as("value"),
          concat(lit("gold.idi_indicator_score: normalized score, edition "), col("edition").cast("string"))
              .as("source"),
          lit(null).cast("string").as("vintage"), col("value").cast("string").as("detail")));
      Dataset<Row> cov = s.where(col("component").equalTo("coverage"))
          .groupBy("iso3", "edition")
          .agg(sum(col("component_weight").multiply(col("score"))).as("value"),
              sum(when(col("score").isNull(), 1).otherwise(0)).as("missing"),
              org.apache.spark.sql.functions.count(lit(1)).as("parts"))
          .where(col("missing").equalTo(0).and(col("parts").equalTo(2)));
      for (String m : List.of("cov_3g_pct", "cov_4g_pct")) {
        parts.add(cov.select(col("iso3"), lit(m).as("measure"), lit("coverage_score").as("kind"),
            lit("edition").as("period_kind"), col("edition").cast("int").as("period"), col("value"),
            concat(lit("gold.idi_indicator_score: coverage score 0.4·3G + 0.6·4G, edition "),
                col("edition").cast("string")).as("source"),
            lit(null).cast("string").as("vintage"), lit(null).cast("string").as("detail")));
      }
    }
    if (idiScore != null) {
      for (String[] m : new String[][] {{"idi", "idi"}, {"idi_universal", "universal"}, {"idi_meaningful", "meaningful"}}) {
        parts.add(idiScore.where(col(m[1]).isNotNull()).select(col("iso3"), lit(m[0]).as("measure"),
            lit("value").as("kind"), lit("edition").as("period_kind"), col("edition").cast("int").as("period"),
            col(m[1]).as("value"),
            concat(lit("gold.idi_score: edition "), col("edition").cast("string"), lit(" ("), col("status"),
                lit(")")).as("source"),
            lit(null).cast("string").as("vintage"), col("status").as("detail")));
      }
    }
    if (published != null) {
      parts.add(published.select(col("iso3"), col("measure"), lit("value").as("kind"),
          lit("edition").as("period_kind"), col("edition").cast("int").as("period"), col("value"),
          concat(lit("ITU published: "), col("source")).as("source"), lit(null).cast("string").as("vintage"),
          lit("published").as("detail")));
    }
    Dataset<Row> out = empty;
    for (Dataset<Row> p : parts) {
      out = out.unionByName(p);
    }
    return out;
  }

  /** Checks each claim against the evidence; one result row per claim, in the claims' order. */
  public static Dataset<Row> check(Dataset<Row> claims, Dataset<Row> evidence) {
    List<Row> cl = claims.collectAsList();
    Set<String> iso3s = cl.stream().map(r -> r.getString(1)).collect(Collectors.toCollection(LinkedHashSet::new));
    List<Evidence> ev = evidence.where(col("iso3").isin(iso3s.toArray())).collectAsList().stream()
        .map(Evidence::of).toList();
    List<Row> out = new ArrayList<>();
    for (Row c : cl) {
      out.add(checkOne(c, ev));
    }
    return claims.sparkSession().createDataFrame(out, RESULT);
  }

  record Evidence(String iso3, String measure, String kind, String periodKind, int period, double value,
      String source, String vintage, String detail) {
    static Evidence of(Row r) {
      return new Evidence(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getInt(4),
          r.getDouble(5), r.getString(6), r.isNullAt(7) ? null : r.getString(7), r.isNullAt(8) ? null : r.getString(8));
    }

    boolean published() {
      return "published".equals(detail);
    }
  }

  /** Half a unit of the stated value's last decimal (plus a hair for binary fractions). */
  static double tolerance(String stated) {
    int decimals = Math.max(0, new BigDecimal(stated).scale());
    return 0.5 * Math.pow(10, -decimals) + 1e-9;
  }

  private static Row checkOne(Row c, List<Evidence> ev) {
    String iso3 = c.getString(1);
    String measure = c.getString(2);
    String pk = c.getString(3);
    int period = c.getInt(4);
    String statedText = c.getString(5);
    double stated = Double.parseDouble(statedText);
    double tol = tolerance(statedText);
    String periodLabel = pk + " " + period;

    // The curated value for exactly this claim; ITU's published figure first, then ictbench's own.
    List<Evidence> primary = ev.stream()
        .filter(e -> e.iso3.equals(iso3) && e.measure.equals(measure) && e.kind.equals("value")
            && e.periodKind.equals(pk) && e.period == period)
        .sorted(Comparator.comparing((Evidence e) -> !e.published()))
        .toList();
    Optional<Evidence> match = primary.stream().filter(e -> Math.abs(e.value - stated) <= tol).findFirst();
    if (match.isPresent()) {
      Evidence m = match.get();
      return result(c, "confirmed", m, m.value, null, tol);
    }
    Evidence curated = primary.isEmpty() ? null : primary.get(0);
    Explanation ex = explain(iso3, measure, pk, period, stated, tol, ev);
    String explanation = ex == null ? null : ex.text();
    String outcome = explanation != null ? "explained" : curated != null ? "differs" : "no_data";
    if (explanation != null && curated == null) {
      explanation = "no curated value for " + periodLabel + "; " + explanation;
    } else if (explanation != null) {
      explanation = "the " + periodLabel + " value is " + fmt(curated.value) + "; " + explanation;
    }
    return result(c, outcome, curated, ex == null ? null : ex.value(), explanation, tol);
  }

  record Explanation(String text, double value) {}

  private static Explanation explain(String iso3, String measure, String pk, int period, double stated, double tol,
      List<Evidence> ev) {
    java.util.function.Predicate<Evidence> hit = e -> Math.abs(e.value - stated) <= tol;
    Comparator<Evidence> nearest = Comparator.comparingInt((Evidence e) -> Math.abs(e.period - period))
        .thenComparing(e -> !e.published());
    // 1. the same indicator in another edition or year
    Optional<Evidence> other = ev.stream()
        .filter(e -> e.iso3.equals(iso3) && e.measure.equals(measure) && e.kind.equals("value")
            && !(e.periodKind.equals(pk) && e.period == period))
        .filter(hit).sorted(nearest).findFirst();
    if (other.isPresent()) {
      Evidence e = other.get();
      return new Explanation("the stated figure is " + iso3 + "'s " + e.periodKind + " " + e.period + " value (" + fmt(e.value)
          + ", " + e.source + "), stated as " + pk + " " + period, e.value);
    }
    // 2. the normalized IDI score instead of the value
    Optional<Evidence> score = ev.stream()
        .filter(e -> e.iso3.equals(iso3) && e.measure.equals(measure) && e.kind.equals("score"))
        .filter(hit).sorted(nearest).findFirst();
    if (score.isPresent()) {
      Evidence e = score.get();
      return new Explanation("the stated figure is the normalized IDI score (0-100) of the value " + e.detail
          + " in IDI edition " + e.period + ", not the value (" + e.source + ")", e.value);
    }
    // 3. the combined coverage score
    Optional<Evidence> cov = ev.stream()
        .filter(e -> e.iso3.equals(iso3) && e.measure.equals(measure) && e.kind.equals("coverage_score"))
        .filter(hit).sorted(nearest).findFirst();
    if (cov.isPresent()) {
      Evidence e = cov.get();
      return new Explanation("the stated figure is the combined coverage score 0.4·3G + 0.6·4G = " + fmt(e.value) + " (3G "
          + valueOf(ev, iso3, "cov_3g_pct", e.period) + "%, 4G " + valueOf(ev, iso3, "cov_4g_pct", e.period)
          + "%, IDI edition " + e.period + "), not a coverage percentage", e.value);
    }
    // 4. an IDI pillar instead of the IDI
    if (measure.equals("idi")) {
      Optional<Evidence> pillar = ev.stream()
          .filter(e -> e.iso3.equals(iso3) && (e.measure.equals("idi_universal") || e.measure.equals("idi_meaningful")))
          .filter(hit).sorted(nearest).findFirst();
      if (pillar.isPresent()) {
        Evidence e = pillar.get();
        return new Explanation("the stated figure is the " + e.measure.substring(4) + " pillar of edition " + e.period + " ("
            + fmt(e.value) + ", " + e.source + "), not the IDI", e.value);
      }
    }
    // 5. another economy's value for the same indicator and period
    Optional<Evidence> swapped = ev.stream()
        .filter(e -> !e.iso3.equals(iso3) && e.measure.equals(measure) && e.kind.equals("value")
            && e.periodKind.equals(pk) && e.period == period)
        .filter(hit).findFirst();
    if (swapped.isPresent()) {
      Evidence e = swapped.get();
      return new Explanation("the stated figure is " + e.iso3 + "'s value (" + fmt(e.value) + ", " + e.source + ")", e.value);
    }
    return null;
  }

  private static String valueOf(List<Evidence> ev, String iso3, String measure, int edition) {
    return ev.stream().filter(e -> e.iso3.equals(iso3) && e.measure.equals(measure) && e.kind.equals("value")
            && e.periodKind.equals("edition") && e.period == edition)
        .map(e -> fmt(e.value)).findFirst().orElse("?");
  }

  static String fmt(double v) {
    return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  private static Row result(Row c, String outcome, Evidence curated, Double matched, String explanation, double tol) {
    Object[] v = new Object[RESULT.fields().length];
    for (int i = 0; i < CLAIM.fields().length; i++) {
      v[i] = c.get(i);
    }
    int i = CLAIM.fields().length;
    v[i++] = outcome;
    v[i++] = curated == null ? null : curated.value;
    v[i++] = curated == null ? null : curated.source;
    v[i++] = curated == null ? null : curated.vintage;
    v[i++] = matched;
    v[i++] = explanation;
    v[i] = tol;
    return RowFactory.create(v);
  }

  /** Result rows as a map claim_id → outcome (for summaries and tests). */
  public static Map<String, String> outcomes(Dataset<Row> results) {
    return results.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0),
        r -> r.getString(r.fieldIndex("outcome")), (a, b) -> a, java.util.LinkedHashMap::new));
  }
}
