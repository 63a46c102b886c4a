package org.ictbench.gold;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.year;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.ictbench.curate.Curation;

/**
 * IDI inputs for an edition ITU has not published, from the curated latest observations
 * (silver.observation_latest: ITU DataHub first, then the IDI annex, WDI, OWID). For edition t with
 * reference year r = t−2 and fallback f = t−3 (idi/editions.csv), each indicator takes the newest
 * value with year ≤ r and year ≥ r − carry_forward_max_years: year r → {@code official} (or
 * {@code estimate} when the publisher flags it), year f → {@code lagged} (or {@code estimate}), an
 * older year → {@code carried_forward}, with {@code value_age} = r − year. Values after r are
 * never used (edition t could not have seen them).
 */
final class IdiNowcast {
  /**
   * Values at least this old (reference year − data year) are moved to the reference year by their
   * peers' trend before scoring (lagged and carried-forward values; see {@link IdiModels#age}).
   */
  static final int TREND_MIN_AGE = 1;
  private final IdiMethodology methodology;

  IdiNowcast(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /** One curated value a nowcast can read: a row of silver.observation_latest or of an {@link #asOf} view. */
  record Latest(String iso3, String indicator, Integer year, Double value, String valueFlag, Boolean realTime) {}

  /** One nowcast input, and whether its value was published before the edition (null outside an as-of view). */
  record Input(IdiModels.Cell cell, Boolean realTime) {}

  /**
   * The rows of {@code latest} (iso3, indicator, year, value, value_flag and, in an as-of view,
   * real_time) on the driver: the nowcast and its backtests read them many times, and they are bounded
   * by economies, indicators and years, not by the raw input. Rows without an economy, indicator or
   * year (which no model can place) are left out here, once, for every reader.
   */
  static List<Latest> collect(Dataset<Row> latest) {
    boolean asOf = List.of(latest.columns()).contains(REAL_TIME);
    List<Latest> out = new ArrayList<>();
    for (Row r : latest.filter(col("iso3").isNotNull().and(col("indicator").isNotNull()).and(col("year").isNotNull()))
        .select(col("iso3"), col("indicator"), col("year"), col("value"), col("value_flag"),
        asOf ? col(REAL_TIME) : lit(null).cast("boolean")).collectAsList()) {
      out.add(new Latest(r.getString(0), r.getString(1), r.getInt(2),
          r.isNullAt(3) ? null : r.getDouble(3), r.getString(4), r.isNullAt(5) ? null : r.getBoolean(5)));
    }
    return out;
  }

  /**
   * The inputs of the given editions: per economy and indicator of the edition's methodology, the
   * newest value in the edition's window (economies with at least one such value).
   */
  List<Input> inputs(Collection<Latest> latest, List<Integer> editions) {
    List<Input> out = new ArrayList<>();
    for (IdiMethodology.Edition e : methodology.editions()) {
      if (!editions.contains(e.edition())) {
        continue;
      }
      Set<String> indicators = Set.copyOf(methodology.indicators(e.methodology()));
      int reference = e.referenceYear();
      int oldest = reference - e.carryForwardMaxYears();
      Map<String, Latest> newest = new LinkedHashMap<>();
      for (Latest l : latest) {
        if (l.year() > reference || l.year() < oldest || !indicators.contains(l.indicator())) {
          continue;
        }
        newest.merge(l.iso3() + "|" + l.indicator(), l, (a, b) -> b.year() > a.year() ? b : a);
      }
      for (Latest l : newest.values()) {
        String provenance = l.year() < e.fallbackYear() ? "carried_forward"
            : "estimate".equals(l.valueFlag()) ? "estimate"
            : l.year() == reference ? "official" : "lagged";
        out.add(new Input(new IdiModels.Cell(l.iso3(), e.edition(), l.indicator(), l.value(), l.year(), provenance,
            reference - l.year(), null), l.realTime()));
      }
    }
    return out;
  }

  /** Column of {@link #asOf}: whether the value's vintage was published before the edition. */
  static final String REAL_TIME = "real_time";

  /**
   * What a nowcast of {@code edition} made when ITU released it could have read: silver.observation
   * restricted to years ≤ {@code maxYear}, without the IDI annexes of this or later editions (they
   * are the answer), and, per source and indicator, only the vintages published before the
   * edition's release date ({@code published} in idi/editions.csv). Where a series has no such
   * vintage (the lake holds only later downloads of it), its earliest vintage stands in for what
   * the publisher had then ({@link #REAL_TIME} = false: a pseudo-real-time value, possibly revised
   * since). Then the usual precedence picks one value per economy, indicator and year
   * ({@link Curation#latest}).
   */
  static Dataset<Row> asOf(Dataset<Row> observations, Dataset<Row> sources, IdiMethodology.Edition edition,
      int maxYear) {
    Column published = edition.published() == null ? lit(null).cast("date") : lit(java.sql.Date.valueOf(edition.published()));
    Column before = coalesce(col("vintage").lt(published), lit(false));
    WindowSpec series = Window.partitionBy("source", "indicator");
    Column vintage = coalesce(col("vintage"), lit(java.sql.Date.valueOf("9999-12-31")));
    Dataset<Row> visible = observations
        .filter(col("year").leq(maxYear).and(not(col("source").equalTo(ANNEX)
            .and(year(col("vintage")).geq(edition.edition())))))
        .withColumn(REAL_TIME, before)
        .withColumn("_has_before", max(when(before, 1).otherwise(0)).over(series))
        .withColumn("_earliest", min(when(not(before), vintage)).over(series))
        .filter(col(REAL_TIME).or(col("_has_before").equalTo(0).and(vintage.equalTo(col("_earliest")))))
        .drop("_has_before", "_earliest");
    return Curation.latest(visible, sources);
  }

  static final String ANNEX = "ITU_IDI_ANNEX";
}
