package org.ictbench.curate;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.sort_array;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The entity names and codes the country resolver could not settle, from silver.quarantine: one row
 * per (reason, source, code, name) with how many quarantined rows and which files, so a data engineer
 * can add an alias to {@code reference/country_alias.csv} and rerun.
 */
public final class CountryIssues {
  private CountryIssues() {}

  public static Dataset<Row> unresolved(Dataset<Row> quarantine) {
    return quarantine.filter(col("reason_code").isin("UNKNOWN_COUNTRY", "AMBIGUOUS_COUNTRY"))
        .withColumn("file", regexp_extract(col("file_uri"), "([^/]+)$", 1))
        .groupBy("reason_code", "source", "entity_code", "entity_name")
        .agg(count(lit(1)).as("rows"), array_join(sort_array(collect_set(col("file"))), "; ").as("files"),
            first(col("reason_detail")).as("detail"))
        .orderBy(col("reason_code"), col("rows").desc(), col("entity_name"));
  }
}
