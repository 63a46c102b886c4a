package org.ictbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.pipeline.PipelineJob;
import org.ictbench.serve.SqlShell;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A tiny benchmark (~2,000 observations) in process: ictbench (the shared test session) and the DuckDB
 * baseline curate the same generated dumps to the same counts and statistics, and both match the
 * destinations the generator's rules imply. (jobs/bench.sh does the same in child JVMs, timed.)
 */
class BenchEndToEndTest {
  @Test
  void ictbenchAndDuckdbAgreeOnATinyDump() throws Exception {
    Path work = TestSpark.tempDir("bench");
    DumpGenerator.Manifest m = new DumpGenerator().generate(work.resolve("dumps"), 2_000, 42, 2);

    SparkSession spark = TestSpark.get();
    String curated = work.resolve("curated").toString();
    PipelineConfig config = PipelineConfig.builder().raw(m.dir().toString()).curated(curated).printComparison(false)
        .build();
    new PipelineJob(spark, config, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).run();
    SqlShell shell = new SqlShell(spark, curated);
    Map<String, Double> ictbench = new TreeMap<>();
    for (Row r : shell.query(BenchRunner.ICTBENCH_STATS).collectAsList()) {
      ictbench.put(r.getString(0) + "|" + r.getString(1), ((Number) r.get(2)).doubleValue());
    }

    DuckDbBaseline.run(m.dir(), work.resolve("duckdb"), 2, "1GB");
    Map<String, Double> duckdb = BenchRunner.readStats(work.resolve("duckdb").resolve("stats.csv"));

    assertEquals(List.of(), BenchRunner.compare(ictbench, duckdb), "same_result");
    assertEquals((double) m.count("expect.observations"), ictbench.get("observations|"));
    assertEquals((double) m.count("expect.aggregates"), ictbench.get("aggregates|"));
    for (String reason : List.of("MISSING_VALUE", "OUT_OF_RANGE", "UNPARSEABLE_VALUE", "UNKNOWN_COUNTRY",
        "DUPLICATE_EXACT")) {
      assertEquals((double) m.count("expect.quarantined." + reason), ictbench.getOrDefault("quarantined|" + reason, 0.0),
          reason);
    }
    assertTrue(ictbench.get("latest|") > 0 && ictbench.containsKey("latest_median|internet_users_pct"));
  }
}
