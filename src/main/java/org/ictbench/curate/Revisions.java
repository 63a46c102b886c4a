package org.ictbench.curate;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.core.Errors;

/**
 * What changed in one series between two vintages of silver.observation: for every economy and
 * year present in either vintage, the old and new value and a {@code change} of {@code revised},
 * {@code new} (only in the newer vintage), {@code withdrawn} (only in the older one) or
 * {@code unchanged}. Plain functions of Datasets; the caller reads the table and prints.
 */
public final class Revisions {
  private Revisions() {}

  /** The distinct vintages of an indicator (optionally of one source), newest first. */
  public static List<Date> vintages(Dataset<Row> observations, String indicator, String source) {
    Dataset<Row> s = series(observations, indicator, source);
    List<Date> out = new ArrayList<>();
    s.select("vintage").distinct().orderBy(col("vintage").desc()).collectAsList().forEach(r -> out.add(r.getDate(0)));
    return out;
  }

  /**
   * Picks the vintage matching {@code spec} ({@code yyyy}, {@code yyyy-mm} or {@code yyyy-mm-dd}, a
   * prefix of the vintage date); fails naming the vintages that exist when none or several match.
   */
  public static Date pick(List<Date> vintages, String spec, String option) {
    List<Date> hits = vintages.stream().filter(d -> d.toString().startsWith(spec.trim())).toList();
    if (hits.size() != 1) {
      throw Errors.badOption(option, spec, (hits.isEmpty() ? "one of the series' vintages " : "a vintage that matches "
          + "exactly one of ") + vintages);
    }
    return hits.get(0);
  }

  /**
   * @param tolerance relative difference below which two values count as unchanged (e.g. 1e-9 for
   *     re-rounding noise)
   */
  public static Dataset<Row> compare(Dataset<Row> observations, String indicator, String source, Date older,
      Date newer, double tolerance) {
    Dataset<Row> s = series(observations, indicator, source);
    Dataset<Row> a = side(s, older, "old");
    Dataset<Row> b = side(s, newer, "new");
    Dataset<Row> j = a.join(b, new String[] {"iso3", "year"}, "full_outer");
    Column diff = col("new_value").minus(col("old_value"));
    Column scale = greatest(abs(col("old_value")), abs(col("new_value")), lit(1e-300));
    Column change = when(col("old_value").isNull().and(col("new_value").isNotNull()), "new")
        .when(col("new_value").isNull().and(col("old_value").isNotNull()), "withdrawn")
        .when(abs(diff).divide(scale).gt(tolerance), "revised")
        .otherwise("unchanged");
    return j.withColumn("change", change)
        .withColumn("difference", diff)
        .withColumn("indicator", lit(indicator))
        .withColumn("old_vintage", lit(older))
        .withColumn("new_vintage", lit(newer))
        .select("indicator", "iso3", "year", "change", "old_value", "new_value", "difference", "old_vintage",
            "new_vintage", "old_source", "new_source", "old_file", "new_file")
        .orderBy("iso3", "year");
  }

  /** Rows per change kind. */
  public static Dataset<Row> summary(Dataset<Row> compared) {
    return compared.groupBy("change").agg(count(lit(1)).as("rows")).orderBy("change");
  }

  private static Dataset<Row> series(Dataset<Row> observations, String indicator, String source) {
    Dataset<Row> s = observations.filter(col("indicator").equalTo(indicator));
    return source == null || source.isBlank() ? s : s.filter(col("source").equalTo(source));
  }

  private static Dataset<Row> side(Dataset<Row> s, Date vintage, String p) {
    // one vintage may come from several files (e.g. two WDI codes of one series): first by file, record
    return s.filter(col("vintage").equalTo(lit(vintage)))
        .orderBy("file_sha256", "record_number")
        .groupBy("iso3", "year")
        .agg(first(col("value")).as(p + "_value"), first(col("source")).as(p + "_source"),
            first(coalesce(col("file_uri"), lit(""))).as(p + "_file"));
  }
}
