package org.ictbench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.ictbench.core.IctbenchException;
import org.ictbench.testing.HostileFiles;
import org.ictbench.testing.HostileFiles.Case;
import org.ictbench.testing.HostileFiles.Outcome;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile inputs at the scan and the parser, without Spark: every entry under the raw folder is
 * either read or listed as skipped with its reason (FIFOs, sockets and devices never opened, links
 * never followed out of the folder), and every file the issue expects to be rejected fails its parse
 * with an error naming it. {@code HostileInputLakeTest} runs the same cases through the pipeline.
 */
class HostileScanTest {
  private static HostileFiles hostile;
  private static final Map<Path, Ingest.RawScan> SCANS = new TreeMap<>();
  private static long scanPeakHeap;

  @BeforeAll
  static void generateAndScan() throws Exception {
    hostile = HostileFiles.generate(TestSpark.tempDir("hostile-scan"), isRoot());
    resetPeaks();
    // a FIFO opened for reading blocks until a writer comes: the scan must never open one
    for (Path raw : hostile.acceptedRaws()) {
      SCANS.put(raw, assertTimeoutPreemptively(Duration.ofSeconds(120),
          () -> Ingest.scanOnDriver(org.ictbench.core.LakeLog.hadoopConfiguration(), raw.toString()).orElseThrow()));
    }
    scanPeakHeap = peakHeap();
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static String uri(Path p) {
    return new org.apache.hadoop.fs.Path("file", null, p.toAbsolutePath().normalize().toString()).toString();
  }

  @Test
  void theGeneratorCoversEveryCategoryWithAtLeast150Cases() {
    Map<String, Integer> perCategory = new TreeMap<>();
    hostile.cases().forEach(c -> perCategory.merge(c.category(), 1, Integer::sum));
    assertTrue(hostile.cases().size() >= 150, hostile.cases().size() + " cases");
    for (String category : List.of("truncation", "empty", "bom", "line_endings", "encoding", "binary", "huge", "value",
        "year", "duplicates", "country", "indicator", "injection", "names", "links", "special", "xlsx_attacks",
        "xlsx_odd", "wdi_metadata", "same_content", "structure")) {
      assertTrue(perCategory.getOrDefault(category, 0) > 0, "no case of " + category + ": " + perCategory);
    }
    Set<Outcome> outcomes = new TreeSet<>();
    hostile.cases().forEach(c -> outcomes.add(c.outcome()));
    assertEquals(Set.of(Outcome.values()), outcomes);
  }

  @Test
  void everyEntryIsReadOrSkippedWithItsReasonAndNothingOutsideIsListed() {
    Map<String, String> unread = new TreeMap<>();
    Map<String, Row> files = new TreeMap<>();
    for (Map.Entry<Path, Ingest.RawScan> e : SCANS.entrySet()) {
      e.getValue().unread().forEach(u -> unread.put(u.uri(), u.reason()));
      String root = uri(e.getKey());
      for (Row r : e.getValue().files()) {
        String f = r.getAs("file_uri");
        assertTrue(f.startsWith(root + "/"), "listed outside the raw folder: " + f);
        files.put(f, r);
      }
    }
    List<String> wrong = new ArrayList<>();
    for (Case c : hostile.cases()) {
      if (c.outcome() == Outcome.REJECTED) {
        continue;
      }
      String u = uri(hostile.rawOf(c).resolve(c.path()));
      String reason = unread.containsKey(u) ? unread.get(u) : unread.get(u + "/");
      Row scanned = files.get(u);
      if (c.outcome() == Outcome.SKIPPED) {
        String why = reason != null ? reason : scanned != null && scanned.getAs("format") == null
            ? scanned.getAs("detail") : null;
        if (c.expect().equals("same content as")) {
          why = scanned != null ? "same content as (decided by the run)" : null;
        }
        if (why == null || !why.contains(c.expect())) {
          wrong.add(c.id() + ": expected skipped (" + c.expect() + "), got " + (why != null ? why
              : scanned != null ? "recognised as " + scanned.getAs("format") : "nothing"));
        }
      } else if (scanned == null || scanned.getAs("format") == null) {
        wrong.add(c.id() + ": expected to be read, got " + (reason != null ? reason
            : scanned != null ? "not recognised: " + scanned.getAs("detail") : "not listed"));
      }
    }
    if (!wrong.isEmpty()) {
      fail(wrong.size() + " case(s) not as expected:\n  " + String.join("\n  ", wrong));
    }
    // the manifest is read as the manifest, never listed as data or as skipped
    assertTrue(files.keySet().stream().noneMatch(f -> f.endsWith("/_manifest.csv")));
  }

  @Test
  void rejectedFilesFailTheirParseNamingTheFile() throws Exception {
    List<String> wrong = new ArrayList<>();
    for (Case c : hostile.cases()) {
      if (c.outcome() != Outcome.REJECTED) {
        continue;
      }
      Path raw = hostile.rejectedRaw(c);
      String file = uri(raw.resolve(c.path()));
      try {
        Ingest.RawScan s = Ingest.scanOnDriver(org.ictbench.core.LakeLog.hadoopConfiguration(), raw.toString()).orElseThrow();
        for (Row f : s.files()) {
          if (f.getAs("format") != null) {
            for (Iterator<Row> it = Ingest.read(org.ictbench.core.LakeLog.hadoopConfiguration(), f, "test"); it.hasNext(); ) {
              it.next();
            }
          }
        }
        wrong.add(c.id() + ": read without an error");
      } catch (IctbenchException e) {
        String m = e.getMessage();
        boolean named = m.contains(file) || (c.path().endsWith(Manifest.NAME) && m.contains(Manifest.NAME));
        if (!named || !m.contains(c.expect()) || e.exitCode() != c.exitCode()) {
          wrong.add(c.id() + ": exit " + e.exitCode() + " (expected " + c.exitCode() + "), message " + m);
        }
      }
    }
    if (!wrong.isEmpty()) {
      fail(wrong.size() + " rejected case(s) not as expected:\n  " + String.join("\n  ", wrong));
    }
  }

  @Test
  void aRawFolderThatIsAFileIsAnErrorNamingIt() throws Exception {
    Path file = Files.writeString(TestSpark.tempDir("raw-is-file").resolve("data.csv"), "x\n");
    IctbenchException e = assertThrows(IctbenchException.class,
        () -> Ingest.scanOnDriver(org.ictbench.core.LakeLog.hadoopConfiguration(), file.toString()));
    assertEquals(3, e.exitCode());
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("is a file, not a folder"),
        e.getMessage());
  }

  @Test
  void theScanOfTheLargestCasesStaysWithinTheHeap() {
    long max = Runtime.getRuntime().maxMemory();
    int entries = SCANS.values().stream().mapToInt(s -> s.files().size() + s.unread().size()).sum();
    System.out.printf("hostile scan: %d entries, peak heap %d MB of %d MB%n", entries, scanPeakHeap >> 20, max >> 20);
    assertTrue(scanPeakHeap < max, "peak heap " + scanPeakHeap + " of " + max);
  }

  static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  /** Sum of the heap pools' peaks since {@link #resetPeaks} (an upper bound of the heap in use at once). */
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
