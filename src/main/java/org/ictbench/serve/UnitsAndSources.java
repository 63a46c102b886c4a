package org.ictbench.serve;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.ictbench.curate.Catalog;

/**
 * The "units and sources" sheet of a workbook export: every indicator with its unit, valid range and
 * publisher codes (silver.indicator, as the lake holds it) and every source with its precedence (the
 * source catalog), as one table with a {@code kind} column so it can be filtered in a spreadsheet.
 */
public final class UnitsAndSources {
  /** The sheet's name in a workbook. */
  public static final String SHEET = "units and sources";

  private UnitsAndSources() {}

  /** The table, from a session whose default catalog is the ictbench catalog (see {@link IctbenchCatalog#session}). */
  public static Dataset<Row> of(SparkSession lake) {
    Dataset<Row> sources = Catalog.load().sourceTable(lake).select(lit("source").as("kind"), col("source_id").as("id"),
        col("publisher").as("name"), lit(null).cast(DataTypes.StringType).as("unit"),
        lit(null).cast(DataTypes.DoubleType).as("min_value"), lit(null).cast(DataTypes.DoubleType).as("max_value"),
        col("precedence"), lit(null).cast(DataTypes.StringType).as("publisher_codes"), col("description"));
    if (!lake.catalog().tableExists("silver.indicator")) {
      return sources;
    }
    Dataset<Row> indicators = lake.table("silver.indicator").orderBy("indicator").select(
        lit("indicator").as("kind"), col("indicator").as("id"), col("name"), col("unit"),
        col("min_value").cast(DataTypes.DoubleType).as("min_value"),
        col("max_value").cast(DataTypes.DoubleType).as("max_value"),
        lit(null).cast(DataTypes.IntegerType).as("precedence"),
        array_join(col("publisher_codes"), ", ").as("publisher_codes"), col("description"));
    return indicators.unionByName(sources);
  }
}
