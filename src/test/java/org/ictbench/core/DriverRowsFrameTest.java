package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.curate.Curation;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Rows made on the driver: the same rows (nulls included, in every column type the tables use), order
 * and partitions as Spark's local relation, however many.
 */
class DriverRowsFrameTest {
  private static final StructType SCHEMA = new StructType().add("iso3", DataTypes.StringType)
      .add("year", DataTypes.IntegerType).add("value", DataTypes.DoubleType).add("members", DataTypes.LongType)
      .add("is_member", DataTypes.BooleanType).add("vintage", DataTypes.DateType);

  @Test
  void fewAndManyRowsGiveWhatALocalRelationGives() {
    SparkSession spark = TestSpark.get();
    for (int n : new int[] {0, 1, 3, DriverRowsFrame.PLAN_ROWS_MAX, DriverRowsFrame.PLAN_ROWS_MAX + 1, 25_000}) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // every column null somewhere, and primitive values that a wrong null flag or offset would show
        rows.add(RowFactory.create(i % 7 == 0 ? null : "E" + i, i % 11 == 0 ? null : 2000 + i % 25,
            i % 5 == 0 ? null : i / 3.0, i % 13 == 0 ? null : (long) i * 1_000_003L, i % 3 == 0 ? null : i % 2 == 0,
            i % 17 == 0 ? null : java.sql.Date.valueOf(java.time.LocalDate.of(2000, 1, 1).plusDays(i % 9000))));
      }
      Dataset<Row> local = spark.createDataFrame(rows, SCHEMA);
      Dataset<Row> frame = DriverRowsFrame.of(spark, rows, SCHEMA);
      assertEquals(rows, frame.collectAsList(), n + " rows");
      assertEquals(local.collectAsList(), frame.collectAsList(), n + " rows");
      assertEquals(local.rdd().getNumPartitions(), frame.rdd().getNumPartitions(), n + " rows: partitions (written files)");
      assertEquals(SCHEMA, frame.schema());
    }
  }

  /**
   * A few rows are written with Delta's interpreted statistics (DeltaWrites): every commit's file
   * statistics must still be what the rows say, on the create path (first write) and the overwrite path.
   */
  @Test
  void aFewRowsWrittenToDeltaCarryTheStatisticsOfTheirValues() throws IOException {
    SparkSession spark = TestSpark.get();
    Path root = TestSpark.tempDir("driver-rows-stats");
    Lakehouse lake = new Lakehouse(spark, root.toString());
    Dataset<Row> countries = Curation.countryTable(spark);
    List<Row> rows = countries.collectAsList();
    DeltaWrites writes = new DeltaWrites(lake, new StageTimer(StageTimer.SILENT));
    Path log = Path.of(lake.path(Table.COUNTRY).replaceFirst("^file:", "")).resolve("_delta_log");
    for (int version = 0; version < 2; version++) {
      Dataset<Row> frame = DriverRowsFrame.of(spark, rows, countries.schema());
      writes.overwrite(frame, Table.COUNTRY, "test-run-" + version);
      long records = 0;
      String minIso3 = null;
      String maxIso3 = null;
      long nullNotes = 0;
      for (JsonNode add : adds(log.resolve(String.format("%020d.json", version)))) {
        JsonNode stats = new ObjectMapper().readTree(add.get("stats").asText());
        records += stats.get("numRecords").asLong();
        String lo = stats.at("/minValues/iso3").asText();
        String hi = stats.at("/maxValues/iso3").asText();
        minIso3 = minIso3 == null || lo.compareTo(minIso3) < 0 ? lo : minIso3;
        maxIso3 = maxIso3 == null || hi.compareTo(maxIso3) > 0 ? hi : maxIso3;
        nullNotes += stats.at("/nullCount/note").asLong();
      }
      int iso3 = countries.schema().fieldIndex("iso3");
      int note = countries.schema().fieldIndex("note");
      assertEquals(rows.size(), records, "version " + version);
      assertEquals(rows.stream().map(r -> r.getString(iso3)).min(Comparator.naturalOrder()).orElseThrow(), minIso3);
      assertEquals(rows.stream().map(r -> r.getString(iso3)).max(Comparator.naturalOrder()).orElseThrow(), maxIso3);
      assertEquals(rows.stream().filter(r -> r.isNullAt(note)).count(), nullNotes, "version " + version);
    }
  }

  private static List<JsonNode> adds(Path commit) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(commit)) {
      JsonNode a = new ObjectMapper().readTree(line);
      if (a.has("add")) {
        out.add(Objects.requireNonNull(a.get("add")));
      }
    }
    return out;
  }
}
