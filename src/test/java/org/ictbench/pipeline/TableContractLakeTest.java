package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.core.TableContract;
import org.ictbench.serve.SqlShell;
import org.ictbench.testing.ReferenceLake;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tables a run writes hold the table contract (src/main/resources/ictbench/tables/): the bundled
 * run's every table has the contract's columns, types, comments, description and CHECK constraint; a
 * write that breaks a promise is refused; a table an earlier ictbench wrote is brought up to the
 * contract once; and a run no input reached still leaves every table in place, empty.
 */
class TableContractLakeTest {
  static SparkSession spark;
  static TableContract contract;

  @BeforeAll
  static void session() {
    spark = TestSpark.get();
    contract = TableContract.get();
  }

  @Test
  void everyTableOfTheBundledRunIsWhatTheContractDeclares() {
    Lakehouse lake = new Lakehouse(spark, ReferenceLake.get().curated());
    List<String> differences = new ArrayList<>();
    for (TableContract.TableSpec spec : contract.tables()) {
      String name = spec.table().qualifiedName();
      assertTrue(lake.exists(spec.table()), name + " exists after the run");
      StructType actual = spark.read().format("delta").load(lake.path(spec.table())).schema();
      if (!describe(actual).equals(describe(spec.schema()))) {
        differences.add(name + ": table " + describe(actual) + "\n   contract " + describe(spec.schema()));
      }
      Row detail = spark.sql("DESCRIBE DETAIL delta.`" + lake.path(spec.table()) + "`").first();
      if (!spec.description().equals(detail.getAs("description"))) {
        differences.add(name + ": description '" + detail.getAs("description") + "'");
      }
      Map<String, String> properties = scala.jdk.javaapi.CollectionConverters.asJava(
          detail.<scala.collection.Map<String, String>>getAs("properties"));
      if (!spec.checkExpression().orElse("").equals(properties.getOrDefault(TableContract.CONSTRAINT_PROPERTY, ""))) {
        differences.add(name + ": CHECK constraint " + properties.get(TableContract.CONSTRAINT_PROPERTY));
      }
    }
    assertEquals("", String.join("\n", differences));
    // a table the run did not reach (claims are saved by jobs/claims.sh) is there, empty, and queryable
    assertEquals(0L, new SqlShell(spark, lake.root()).query("SELECT count(*) FROM gold.claims_check").first()
        .getLong(0));
  }

  @Test
  void aWriteThatBreaksAPromiseIsRefusedAndTheTableKeepsItsRows() {
    Lakehouse lake = new Lakehouse(spark, TestSpark.tempDir("contract-violation").toString());
    DeltaWrites writes = new DeltaWrites(lake);
    StructType reasons = contract.spec(Table.REASON_CODE).schema();
    writes.overwrite(rows(reasons, RowFactory.create("BAD_YEAR", 3, "error", "not a year", "fix it")),
        Table.REASON_CODE, "run-1");
    // a severity outside the vocabulary of silver.reason_code.severity
    Exception e = assertThrows(Exception.class, () -> writes.overwrite(rows(reasons,
        RowFactory.create("BAD_YEAR", 3, "fatal", "not a year", "fix it")), Table.REASON_CODE, "run-2"));
    assertTrue(String.valueOf(e.getMessage()).contains(TableContract.CONSTRAINT), e.toString());
    assertEquals("error", lake.read(Table.REASON_CODE).first().getAs("severity"));

    // an IDI above 100, then a rank without an economy
    StructType rank = contract.spec(Table.IDI_RANK).schema();
    Exception above = assertThrows(Exception.class, () -> writes.overwriteIfChanged(rows(rank,
        RowFactory.create(2024, "world", "WORLD", "BLR", "reproduced", 100.5, 1, 150L, 100.0, "ictbench")),
        Table.IDI_RANK, "fp-1"));
    assertTrue(String.valueOf(above.getMessage()).contains("100.5"), above.toString());
    assertThrows(Exception.class, () -> writes.overwriteIfChanged(rows(rank,
        RowFactory.create(2024, "world", "WORLD", null, "reproduced", 88.5, 1, 150L, 100.0, "ictbench")),
        Table.IDI_RANK, "fp-2"));
    // the table is created by its first write, in the same commit: a refused first write leaves none
    assertFalse(lake.exists(Table.IDI_RANK));
    // a year outside 1900-2100 in an edition
    assertThrows(Exception.class, () -> writes.overwriteIfChanged(rows(rank,
        RowFactory.create(1850, "world", "WORLD", "BLR", "reproduced", 88.5, 1, 150L, 100.0, "ictbench")),
        Table.IDI_RANK, "fp-3"));
    writes.overwriteIfChanged(rows(rank,
        RowFactory.create(2024, "world", "WORLD", "BLR", "reproduced", 88.5, 1, 150L, 100.0, "ictbench")),
        Table.IDI_RANK, "fp-4");
    assertEquals(1L, lake.read(Table.IDI_RANK).count());
  }

  @Test
  void aTableAnEarlierIctbenchWroteIsBroughtUpToTheContractOnce() {
    Lakehouse lake = new Lakehouse(spark, TestSpark.tempDir("contract-upgrade").toString());
    StructType reasons = contract.spec(Table.REASON_CODE).schema();
    // as an earlier ictbench wrote it: no description, no comments, no constraint
    StructType bare = new StructType(java.util.Arrays.stream(reasons.fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, org.apache.spark.sql.types.Metadata.empty()))
        .toArray(StructField[]::new));
    rows(bare, RowFactory.create("BAD_YEAR", 3, "error", "not a year", "fix it")).write().format("delta")
        .save(lake.path(Table.REASON_CODE));
    DeltaWrites writes = new DeltaWrites(lake);
    writes.append(rows(reasons, RowFactory.create("UNKNOWN_COUNTRY", 4, "error", "no such country", "add an alias")),
        Table.REASON_CODE, "run-1");
    String path = lake.path(Table.REASON_CODE);
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").first();
    assertEquals(contract.spec(Table.REASON_CODE).description(), detail.getAs("description"));
    assertEquals(describe(reasons), describe(spark.read().format("delta").load(path).schema()));
    long versions = writes.versionCount(Table.REASON_CODE);
    // every commit, the contract's own included, says which ictbench made it
    for (Row h : spark.sql("DESCRIBE HISTORY delta.`" + path + "`").select("version", "userMetadata").collectAsList()) {
      assertTrue(h.getLong(0) == 0 || String.valueOf(h.get(1)).contains("\"run_id\":\"run-1\""), h.toString());
    }
    // a table that holds the contract gets no change but the write itself
    new DeltaWrites(lake).append(rows(reasons, RowFactory.create("BAD_YEAR", 3, "error", "x", "y")),
        Table.REASON_CODE, "run-2");
    assertEquals(versions + 1, writes.versionCount(Table.REASON_CODE));
  }

  @Test
  void aRunWhoseOnlyFileIsSkippedLeavesEveryTableInPlaceEmpty() {
    Path raw = TestSpark.fixture(TestSpark.tempDir("only-skipped"), "notes/readme.txt", "not a publisher file\n");
    String curated = TestSpark.tempDir("only-skipped-lake").toString();
    PipelineConfig config = PipelineConfig.builder().raw(raw.toString()).curated(curated).build();
    new PipelineJob(spark, config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    Lakehouse lake = new Lakehouse(spark, curated);
    Map<String, Long> rows = new LinkedHashMap<>();
    SqlShell shell = new SqlShell(spark, curated);
    for (Table t : Table.values()) {
      assertTrue(lake.exists(t), t.qualifiedName() + " exists");
      rows.put(t.qualifiedName(), shell.query("SELECT count(*) FROM " + t.qualifiedName()).first().getLong(0));
    }
    assertEquals(1L, rows.get("bronze.ingest_file"), rows.toString()); // the skipped file, logged
    for (String empty : List.of("bronze.raw_record", "silver.observation", "silver.observation_latest",
        "silver.quarantine", "gold.idi_score", "gold.bilateral_comparison")) {
      assertEquals(0L, rows.get(empty), empty);
    }
    assertEquals("skipped", lake.read(Table.INGEST_FILE).first().getAs("status"));
    // the next run finds silver.observation there, empty: the derived tables stay empty and the run ends well
    new PipelineJob(spark, config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    assertEquals(0L, shell.query("SELECT count(*) FROM gold.idi_score").first().getLong(0));
    assertEquals(0L, shell.query("SELECT count(*) FROM silver.observation_latest").first().getLong(0));
  }

  static Dataset<Row> rows(StructType schema, Row... rows) {
    return spark.createDataFrame(List.of(rows), schema);
  }

  /** Name, type, nullability and comment of every column, in order. */
  static List<String> describe(StructType s) {
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(f.name() + " " + f.dataType().simpleString() + (f.nullable() ? "" : " NOT NULL") + " -- "
          + TableContract.comment(f.metadata()));
    }
    return out;
  }
}
