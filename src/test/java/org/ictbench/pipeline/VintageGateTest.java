package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;
import org.ictbench.testing.CliCapture;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The vintage gate on the bundled WDI internet series (% of population, i.e. per 100 people) and three
 * later vintages made from its 2024-11 file: the series restated as absolute numbers (each value times
 * the economy's population / 100), half of its economies dropped, and every value revised by 25%. The
 * real 2024-11 vintage passes against 2023-05; the three constructed ones are held, stay out of
 * silver.observation_latest, make the run exit 11 and are listed with what moved; one is then accepted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VintageGateTest {
  private static final String WDI_2024 = "wdi/2024-11/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv";
  private static SparkSession spark;
  private static Path raw;
  private static String curated;
  private static Lakehouse lake;
  private static CliCapture.Result firstRun;
  /** Economy codes whose rows the drop-half vintage leaves without values. */
  private static final Set<String> BLANKED = new HashSet<>();

  @BeforeAll
  static void ingestFiveVintages() throws Exception {
    spark = TestSpark.get();
    raw = TestSpark.tempDir("gate-raw");
    for (String f : List.of("wdi/2023-05/API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv",
        "wdi/2023-05/Metadata_Country_API_IT.NET.USER.ZS_DS2_en_csv_v2_5455054.csv", WDI_2024)) {
      Files.createDirectories(raw.resolve(f).getParent());
      Files.copy(TestSpark.bundledRaw().resolve(f), raw.resolve(f));
    }
    String wdi = Files.readString(TestSpark.bundledRaw().resolve(WDI_2024), StandardCharsets.UTF_8);
    write("wdi/2025-04/unit_change.csv", restate(wdi, "2025-04-15", Mode.ABSOLUTE));
    write("wdi/2025-06/half_dropped.csv", restate(wdi, "2025-06-01", Mode.DROP_HALF));
    write("wdi/2025-08/all_revised.csv", restate(wdi, "2025-08-01", Mode.REVISE));
    curated = TestSpark.tempDir("gate-curated").toString();
    lake = new Lakehouse(spark, curated);
    firstRun = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet");
  }

  private enum Mode { ABSOLUTE, DROP_HALF, REVISE }

  private static void write(String rel, String content) throws Exception {
    Files.createDirectories(raw.resolve(rel).getParent());
    Files.writeString(raw.resolve(rel), content, StandardCharsets.UTF_8);
  }

  /** A stand-in population (1 to 200 million) per economy code, for restating a rate as a count. */
  private static double population(String code) {
    return 1_000_000.0 * (1 + Math.floorMod(code.hashCode(), 200));
  }

  /** The WDI file as a new vintage (its stated date), its year cells changed as {@code mode} says. */
  private static String restate(String wdi, String date, Mode mode) {
    String[] lines = wdi.split("\r?\n", -1);
    List<String> out = new ArrayList<>();
    boolean data = false;
    int row = 0;
    for (String line : lines) {
      if (line.startsWith("\"Last Updated Date\"")) {
        out.add("\"Last Updated Date\",\"" + date + "\",");
        continue;
      }
      if (!data) {
        data = line.startsWith("\"Country Name\"");
        out.add(line);
        continue;
      }
      String[] f = line.split("\",\"", -1);
      if (f.length < 5) {
        out.add(line);
        continue;
      }
      String code = f[1];
      boolean blank = mode == Mode.DROP_HALF && row++ % 2 == 0;
      if (blank) {
        BLANKED.add(code);
      }
      for (int i = 4; i < f.length; i++) {
        String cell = f[i].replace("\"", "").replace(",", "");
        if (cell.isEmpty()) {
          continue;
        }
        double v = Double.parseDouble(cell);
        String nv = blank ? "" : mode == Mode.ABSOLUTE ? String.valueOf(Math.round(v * population(code) / 100))
            : mode == Mode.REVISE ? String.valueOf(v * 1.25) : cell;
        f[i] = f[i].replace(cell, nv);
      }
      out.add(String.join("\",\"", f));
    }
    return String.join("\r\n", out);
  }

  private static Map<String, Row> review() {
    Map<String, Row> out = new TreeMap<>();
    lake.read(Table.VINTAGE_REVIEW).collectAsList().forEach(r -> out.put(r.getAs("vintage").toString(), r));
    return out;
  }

  @Test
  @Order(1)
  void theRealNewVintagePassesAndTheThreeConstructedOnesAreHeld() {
    assertEquals(11, firstRun.exitCode(), firstRun.output());
    assertTrue(!firstRun.hasStackTrace(), firstRun.output());
    Map<String, Row> review = review();
    assertEquals(Set.of("2024-11-01", "2025-04-15", "2025-06-01", "2025-08-01"), review.keySet());
    Row real = review.get("2024-11-01");
    assertEquals("passed", real.getAs("status"));
    assertEquals(java.sql.Date.valueOf("2023-05-10"), real.getAs("previous_vintage"));
    assertEquals(0L, (long) real.getAs("economies_dropped"));
    assertEquals(1.0, real.<Double>getAs("scale_ratio"), 0.01);

    // the unit change: every value x population/100 (>= 10,000): a scale change, nothing dropped
    Row unit = review.get("2025-04-15");
    assertEquals("held", unit.getAs("status"));
    assertEquals("SCALE_CHANGED;VALUES_REVISED", unit.getAs("reasons"));
    assertTrue(unit.<Double>getAs("scale_ratio") >= 10_000, "scale ratio " + unit.getAs("scale_ratio"));
    assertEquals(0L, (long) unit.getAs("economies_dropped"));
    assertEquals(java.sql.Date.valueOf("2024-11-01"), unit.getAs("previous_vintage"));

    // half the economies blanked: compared with 2024-11 (the newest earlier vintage not held)
    Row half = review.get("2025-06-01");
    assertEquals("held", half.getAs("status"));
    assertEquals("ECONOMIES_DROPPED", half.getAs("reasons"));
    assertEquals(java.sql.Date.valueOf("2024-11-01"), half.getAs("previous_vintage"));
    Set<String> before = new HashSet<>();
    lake.read(Table.OBSERVATION).filter("vintage = DATE'2024-11-01'").select("iso3").distinct().collectAsList()
        .forEach(r -> before.add(r.getString(0)));
    Set<String> dropped = new HashSet<>(before);
    dropped.retainAll(BLANKED);
    assertEquals((long) before.size(), (long) half.getAs("economies_before"));
    assertEquals((long) dropped.size(), (long) half.getAs("economies_dropped"));
    assertEquals(new java.util.TreeSet<>(dropped).toString().replaceAll("[\\[\\] ]", ""), half.getAs("dropped_economies"));
    assertTrue(half.<Double>getAs("dropped_share") > 0.4, "dropped share " + half.getAs("dropped_share"));
    assertEquals(1.0, half.<Double>getAs("scale_ratio"), 1e-9);

    // every value +25%: revised beyond the 5% tolerance, the scale within 10x
    Row revised = review.get("2025-08-01");
    assertEquals("held", revised.getAs("status"));
    assertEquals("VALUES_REVISED", revised.getAs("reasons"));
    assertEquals(1.25, revised.<Double>getAs("scale_ratio"), 1e-6);
    // every value moved by 20% of the new one (1.25x), except the zeros, which stay zero
    assertTrue(revised.<Double>getAs("revised_share") > 0.9, "revised share " + revised.getAs("revised_share"));
  }

  @Test
  @Order(2)
  void heldObservationsStayInSilverFlaggedButNotInLatest() {
    var obs = lake.read(Table.OBSERVATION);
    assertTrue(obs.filter("vintage = DATE'2025-06-01' AND held AND hold_reason = 'ECONOMIES_DROPPED'").count() > 0);
    assertEquals(0, obs.filter("vintage = DATE'2025-06-01' AND NOT held").count());
    assertEquals(0, obs.filter("vintage <= DATE'2024-11-01' AND held").count());
    assertEquals(0, lake.read(Table.OBSERVATION_LATEST).filter("vintage > DATE'2024-11-01'").count());
    // the unit change: most of its values were out of range (quarantined), none reached the latest table
    assertTrue(lake.read(Table.QUARANTINE).filter("vintage = DATE'2025-04-15' AND reason_code = 'OUT_OF_RANGE'")
        .count() > 0);
  }

  @Test
  @Order(3)
  void theRunSaysWhatWasHeldAndWhatMoved() {
    String out = firstRun.output();
    assertTrue(out.contains("[VINTAGE_HELD] 3 new vintage(s) held for review"), out);
    assertTrue(out.contains("WB_WDI internet_users_pct vintage 2025-06-01 vs 2024-11-01: economies dropped"), out);
    assertTrue(out.contains("--accept-vintage"), out);
    // a rerun with nothing new: exit 0, the held vintages still listed in the summary
    CliCapture.Result again = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet");
    assertEquals(0, again.exitCode(), again.output());
    assertTrue(again.output().contains("held for review") && again.output().contains("vintage 2025-06-01"),
        again.output());
  }

  @Test
  @Order(4)
  void anAcceptedVintageReachesTheLatestTable() {
    CliCapture.Result wrong = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet",
        "--accept-vintage", "1999-01");
    assertEquals(2, wrong.exitCode(), wrong.output());
    assertTrue(wrong.output().contains("2025-06-01") && wrong.output().contains("2025-04-15"), wrong.output());
    CliCapture.Result ambiguous = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet",
        "--accept-vintage", "2025");
    assertEquals(2, ambiguous.exitCode(), ambiguous.output());
    assertTrue(ambiguous.output().contains("names one vintage per series"), ambiguous.output());

    CliCapture.Result accepted = CliCapture.run("pipeline", "--raw", raw.toString(), "--curated", curated, "--quiet",
        "--accept-vintage", "2025-06");
    assertEquals(0, accepted.exitCode(), accepted.output());
    Row half = review().get("2025-06-01");
    assertEquals("accepted", half.getAs("status"));
    assertEquals(true, half.getAs("released"));
    assertEquals(0, lake.read(Table.OBSERVATION).filter("vintage = DATE'2025-06-01' AND held").count());
    // the accepted vintage is now the newest for the economies it kept
    long kept = lake.read(Table.OBSERVATION_LATEST).filter(col("vintage").equalTo(java.sql.Date.valueOf("2025-06-01")))
        .count();
    assertTrue(kept > 0);
    assertEquals(0, lake.read(Table.OBSERVATION_LATEST).filter(col("iso3").isin(BLANKED.toArray())
        .and(col("vintage").equalTo(java.sql.Date.valueOf("2025-06-01")))).count());
    assertEquals("held", review().get("2025-04-15").getAs("status"));
  }
}
