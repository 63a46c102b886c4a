package org.ictbench.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * silver.observation_latest's choice, key by key, on hand-made competing values: source precedence
 * from catalog/source.csv (ITU DataHub 1, WDI 3, OWID 4), then the newest vintage (none last), then
 * the smallest file checksum and record number. Each expected pick is worked out from those rules.
 */
class LatestObservationTest {
  private static final StructType OBS = new StructType()
      .add("iso3", DataTypes.StringType).add("indicator", DataTypes.StringType).add("year", DataTypes.IntegerType)
      .add("value", DataTypes.DoubleType).add("source", DataTypes.StringType).add("vintage", DataTypes.DateType)
      .add("file_sha256", DataTypes.StringType).add("record_number", DataTypes.LongType);
  private static Map<String, Row> latest;
  private static List<String> columns;

  @BeforeAll
  static void pick() {
    SparkSession spark = TestSpark.get();
    List<Row> rows = List.of(
        // BLR 2022: two DataHub vintages and a newer WDI one -> DataHub (precedence 1), its newer vintage
        obs("BLR", 2022, 1.0, "ITU_DATAHUB", "2024-01-01", "c", 1),
        obs("BLR", 2022, 2.0, "ITU_DATAHUB", "2025-01-01", "c", 2),
        obs("BLR", 2022, 3.0, "WB_WDI", "2026-01-01", "c", 3),
        // BLR 2021: a DataHub value without a vintage loses to one with any vintage
        obs("BLR", 2021, 4.0, "ITU_DATAHUB", null, "c", 4),
        obs("BLR", 2021, 5.0, "ITU_DATAHUB", "2020-01-01", "c", 5),
        // CHN 2022: three DataHub values of one vintage -> the smallest checksum, then record number
        obs("CHN", 2022, 6.0, "ITU_DATAHUB", "2025-01-01", "b", 1),
        obs("CHN", 2022, 7.0, "ITU_DATAHUB", "2025-01-01", "a", 9),
        obs("CHN", 2022, 8.0, "ITU_DATAHUB", "2025-01-01", "a", 3),
        // CHN 2021: WDI (3) beats OWID (4) even with a vintage before 1970 against a newer one
        obs("CHN", 2021, 9.0, "WB_WDI", "1960-07-01", "d", 1),
        obs("CHN", 2021, 10.0, "OWID", "2025-01-01", "e", 1),
        // CHN 2020: a single value
        obs("CHN", 2020, 11.0, "OWID", "2019-01-01", "e", 2));
    Dataset<Row> observations = spark.createDataFrame(rows, OBS);
    Dataset<Row> picked = Curation.latest(observations, new Curation(spark).catalog().sourceTable(spark));
    columns = List.of(picked.columns());
    latest = new HashMap<>();
    for (Row r : picked.collectAsList()) {
      latest.put(r.getAs("iso3") + " " + r.getAs("year"), r);
    }
  }

  private static Row obs(String iso3, int year, double value, String source, String vintage, String sha, long record) {
    return RowFactory.create(iso3, "i99H", year, value, source, vintage == null ? null : Date.valueOf(vintage), sha,
        record);
  }

  @Test
  void oneRowPerEconomyIndicatorAndYear() {
    assertEquals(5, latest.size());
  }

  @Test
  void precedenceFirstThenNewestVintage() {
    assertEquals(2.0, latest.get("BLR 2022").<Double>getAs("value"));
    assertEquals(3L, latest.get("BLR 2022").<Long>getAs("candidates"));
    assertEquals(1, latest.get("BLR 2022").<Integer>getAs("precedence"));
  }

  @Test
  void aValueWithoutVintageComesLast() {
    assertEquals(5.0, latest.get("BLR 2021").<Double>getAs("value"));
  }

  @Test
  void tiesGoToTheSmallestChecksumThenRecord() {
    assertEquals(8.0, latest.get("CHN 2022").<Double>getAs("value"));
    assertEquals(3L, latest.get("CHN 2022").<Long>getAs("candidates"));
  }

  @Test
  void precedenceBeatsAnyVintageIncludingOnesBefore1970() {
    assertEquals(9.0, latest.get("CHN 2021").<Double>getAs("value"));
    assertEquals(2L, latest.get("CHN 2021").<Long>getAs("candidates"));
    assertEquals(11.0, latest.get("CHN 2020").<Double>getAs("value"));
    assertEquals(1L, latest.get("CHN 2020").<Long>getAs("candidates"));
  }

  @Test
  void keepsTheObservationColumnsAndAddsPrecedenceAndCandidates() {
    assertEquals(List.of("source", "iso3", "indicator", "year", "value", "vintage", "file_sha256", "record_number",
        "precedence", "candidates"), columns);
  }
}
