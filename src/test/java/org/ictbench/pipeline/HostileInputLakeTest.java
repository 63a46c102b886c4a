package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.CliCapture;
import org.ictbench.testing.HostileFiles;
import org.ictbench.testing.HostileFiles.Case;
import org.ictbench.testing.HostileFiles.Outcome;
import org.ictbench.testing.LakeFingerprint;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile inputs ({@link HostileFiles}) through the pipeline's command line, as a user runs it:
 * the cases that must not fail the run in two lakes, each rejected case in a lake of its own. Every
 * case ends as it states (ingested clean, quarantined with its reason, skipped or rejected with a
 * message naming the file), with no stack trace in the output, the documented exit code, the heap
 * within the JVM's limit, no byte from outside the raw folder in bronze and the record identity
 * holding per file.
 */
class HostileInputLakeTest {
  private static HostileFiles hostile;
  private static final Map<Path, CliCapture.Result> RUNS = new LinkedHashMap<>();
  private static final Map<Path, Lakehouse> LAKES = new LinkedHashMap<>();
  private static final Map<String, Long> PEAKS = new LinkedHashMap<>();

  @BeforeAll
  static void runTheAcceptedLakes() throws Exception {
    SparkSession spark = TestSpark.get();
    hostile = HostileFiles.generate(TestSpark.tempDir("hostile-lake"), "root".equals(System.getProperty("user.name")));
    for (Path raw : hostile.acceptedRaws()) {
      String curated = raw.resolveSibling("curated").toString();
      resetPeaks();
      RUNS.put(raw, CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet"));
      PEAKS.put(raw.getParent().getFileName().toString(), peakHeap());
      LAKES.put(raw, new Lakehouse(spark, curated));
    }
  }

  private static String uri(Path p) {
    return new org.apache.hadoop.fs.Path("file", null, p.toAbsolutePath().normalize().toString()).toString();
  }

  @Test
  void theAcceptedLakesRunWithoutAStackTraceAndExitZero() {
    for (Map.Entry<Path, CliCapture.Result> e : RUNS.entrySet()) {
      assertEquals(0, e.getValue().exitCode(), e.getKey() + "\n" + e.getValue().output());
      assertTrue(!e.getValue().hasStackTrace(), "stack trace in the output of " + e.getKey() + ":\n" + e.getValue().output());
    }
  }

  @Test
  void everyCaseEndsAsItStates() {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<Path, Lakehouse> e : LAKES.entrySet()) {
      Lakehouse lake = e.getValue();
      String output = RUNS.get(e.getKey()).output();
      Map<String, String[]> logged = new HashMap<>(); // uri -> {status, sha}
      for (Row r : lake.read(Table.INGEST_FILE).select("file_uri", "status", "file_sha256").collectAsList()) {
        logged.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
      }
      Map<String, Long> slots = new HashMap<>();
      lake.read(Table.RAW_RECORD).groupBy("file_sha256").agg(sum("slot_count")).collectAsList()
          .forEach(r -> slots.put(r.getString(0), r.getLong(1)));
      Set<String> errorReasons = new HashSet<>();
      lake.read(Table.REASON_CODE).filter(col("severity").equalTo("error")).select("reason_code").collectAsList()
          .forEach(r -> errorReasons.add(r.getString(0)));
      Map<String, Map<String, Long>> quarantined = new HashMap<>();
      lake.read(Table.QUARANTINE).groupBy("file_sha256", "reason_code").count().collectAsList()
          .forEach(r -> quarantined.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getString(1), r.getLong(2)));
      Map<String, Object[]> observed = new HashMap<>();
      lake.read(Table.OBSERVATION).groupBy("file_sha256").agg(count(lit(1)), first("value")).collectAsList()
          .forEach(r -> observed.put(r.getString(0), new Object[] {r.getLong(1), r.get(2)}));
      for (Case c : hostile.cases()) {
        if (c.outcome() == Outcome.REJECTED || !hostile.rawOf(c).equals(e.getKey())) {
          continue;
        }
        String u = uri(hostile.rawOf(c).resolve(c.path()));
        String[] log = logged.get(u);
        String sha = log == null ? null : log[1];
        Map<String, Long> reasons = sha == null ? Map.of() : quarantined.getOrDefault(sha, Map.of());
        switch (c.outcome()) {
          case CLEAN -> {
            if (log == null || !"ingested".equals(log[0])) {
              wrong.add(c.id() + ": expected ingested, logged as " + (log == null ? "nothing" : log[0]));
              continue;
            }
            List<String> errors = reasons.keySet().stream().filter(errorReasons::contains).toList();
            if (!errors.isEmpty()) {
              wrong.add(c.id() + ": expected clean, quarantined " + reasons);
            }
            if (c.value() != null) {
              Object[] obs = observed.get(sha);
              if (obs == null || (Long) obs[0] != 1
                  || Math.abs((Double) obs[1] - c.value()) > 1e-9 * Math.max(1, Math.abs(c.value()))) {
                wrong.add(c.id() + ": expected one observation " + c.value() + ", got "
                    + (obs == null ? "none" : obs[0] + " (first " + obs[1] + ")"));
              }
            }
          }
          case QUARANTINED -> {
            long n = reasons.getOrDefault(c.expect(), 0L);
            if (n == 0) {
              wrong.add(c.id() + ": expected quarantined " + c.expect() + ", got " + reasons
                  + (log == null ? " (not logged)" : " (" + log[0] + ")"));
            } else if (c.onlyReason() && n != slots.getOrDefault(sha, -1L)) {
              wrong.add(c.id() + ": expected every slot quarantined " + c.expect() + ", got " + reasons + " of "
                  + slots.get(sha) + " slots");
            }
          }
          case SKIPPED -> {
            String line = output.lines().filter(l -> l.startsWith("  skipped " + RunSummary.printable(u)))
                .findFirst().orElse(null);
            if (line == null || !line.contains(c.expect()) || (log != null && "ingested".equals(log[0]))) {
              wrong.add(c.id() + ": expected skipped (" + c.expect() + "), output line " + line
                  + (log == null ? "" : ", logged " + log[0]));
            }
          }
          default -> throw new IllegalStateException();
        }
      }
    }
    if (!wrong.isEmpty()) {
      fail(wrong.size() + " case(s) not as expected:\n  " + String.join("\n  ", wrong));
    }
  }

  @Test
  void nothingFromOutsideTheRawFolderReachesBronze() {
    for (Map.Entry<Path, Lakehouse> e : LAKES.entrySet()) {
      var bronze = e.getValue().read(Table.RAW_RECORD);
      String root = uri(e.getKey()) + "/";
      assertEquals(0, bronze.filter(col("file_uri").startsWith(root).unary_$bang()).count(), "a file outside " + root);
      assertEquals(0, bronze.filter(to_json(col("fields")).contains(HostileFiles.OUTSIDE_MARKER)).count(),
          "bytes from outside the raw folder in bronze");
      assertEquals(0, e.getValue().read(Table.INGEST_FILE).filter(col("file_uri").startsWith(root).unary_$bang())
          .count());
    }
  }

  @Test
  void theRecordIdentityHoldsPerFile() {
    for (Lakehouse lake : LAKES.values()) {
      assertEquals(List.of(), LakeFingerprint.identityBreaks(lake));
    }
  }

  @Test
  void eachRejectedFileFailsItsRunNamingItWithTheDocumentedExitCode() {
    SparkSession spark = TestSpark.get();
    List<String> wrong = new ArrayList<>();
    for (Case c : hostile.cases()) {
      if (c.outcome() != Outcome.REJECTED) {
        continue;
      }
      Path raw = hostile.rejectedRaw(c);
      String curated = raw.resolveSibling("curated").toString();
      resetPeaks();
      CliCapture.Result r = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet");
      PEAKS.put(c.id(), peakHeap());
      String file = c.path().endsWith("_manifest.csv") ? "_manifest.csv" : uri(raw.resolve(c.path()));
      Lakehouse lake = new Lakehouse(spark, curated);
      long bronze = lake.exists(Table.RAW_RECORD) ? lake.read(Table.RAW_RECORD).count() : 0;
      if (r.exitCode() != c.exitCode() || !r.output().contains(file) || !r.output().contains(c.expect())
          || r.hasStackTrace() || bronze != 0) {
        wrong.add(c.id() + ": exit " + r.exitCode() + " (expected " + c.exitCode() + "), bronze rows " + bronze
            + (r.hasStackTrace() ? ", STACK TRACE" : "") + ", output:\n" + r.output().lines()
            .filter(l -> !l.contains(" INFO ")).reduce("", (a, b) -> a + "      " + b + "\n"));
      }
    }
    if (!wrong.isEmpty()) {
      fail(wrong.size() + " rejected case(s) not as expected:\n  " + String.join("\n  ", wrong));
    }
  }

  @Test
  void theHeapStaysWithinTheJvmLimit() {
    long max = Runtime.getRuntime().maxMemory();
    PEAKS.forEach((k, v) -> System.out.printf(Locale.ROOT, "hostile lake %s: peak heap %d MB of %d MB%n", k, v >> 20,
        max >> 20));
    PEAKS.forEach((k, v) -> assertTrue(v < max, k + ": peak heap " + v + " of " + max));
  }

  static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
