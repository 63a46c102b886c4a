package org.ictbench.gold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.IctbenchException;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Peer groups and group statistics on small hand-made fixtures; every expected value is worked out by
 * hand in the comments (or from the membership sources: SOURCES.md of ../shared/data/reference/groups).
 */
class PeerBenchmarkTest {
  private static final StructType CLASSIFICATION = new StructType().add("entity_kind", "string")
      .add("iso3", "string").add("region", "string").add("income_group", "string").add("source", "string")
      .add("vintage", "date").add("edition", "int");
  private static final StructType VALUES = new StructType().add("iso3", "string").add("indicator", "string")
      .add("year", "int").add("value", "double").add("unit", "string");
  private static SparkSession spark;
  private static Dataset<Row> builtInMembers;

  @BeforeAll
  static void setUp() {
    spark = TestSpark.get();
    builtInMembers = PeerGroups.builtIn().members(spark.createDataFrame(List.of(), CLASSIFICATION), years(2004, 2024))
        .cache();
  }

  private static Dataset<Row> years(int from, int to) {
    List<Row> rows = new ArrayList<>();
    for (int y = from; y <= to; y++) {
      rows.add(RowFactory.create(y));
    }
    return spark.createDataFrame(rows, new StructType().add("year", "int"));
  }

  private static Set<String> members(Dataset<Row> m, String group, int year) {
    Set<String> out = new TreeSet<>();
    m.filter("group_id = '" + group + "' AND year = " + year + " AND counted").select("iso3").collectAsList()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  @Test
  void chinaCeecMembershipFollowsTheDates() {
    // SOURCES.md: 16 founders 2012-04, Greece from 2019-04-12, Lithuania out 2021-05, Estonia and Latvia out 2022-08-11.
    assertTrue(members(builtInMembers, "CHINA_CEEC", 2020).contains("LTU"));
    assertFalse(members(builtInMembers, "CHINA_CEEC", 2021).contains("LTU"));
    assertFalse(members(builtInMembers, "CHINA_CEEC", 2022).contains("LTU"));
    assertFalse(members(builtInMembers, "CHINA_CEEC", 2018).contains("GRC"));
    assertTrue(members(builtInMembers, "CHINA_CEEC", 2019).contains("GRC"));
    assertTrue(members(builtInMembers, "CHINA_CEEC", 2021).contains("EST"));
    assertFalse(members(builtInMembers, "CHINA_CEEC", 2022).contains("EST"));
    assertEquals(16, members(builtInMembers, "CHINA_CEEC", 2018).size()); // 16+1
    assertEquals(17, members(builtInMembers, "CHINA_CEEC", 2020).size()); // 17+1
    assertEquals(14, members(builtInMembers, "CHINA_CEEC", 2022).size()); // 14+1
  }

  @Test
  void cisAndEaeuStatusesAndDates() {
    assertEquals(Set.of("ARM", "BLR", "KAZ", "KGZ", "RUS"), members(builtInMembers, "EAEU", 2015));
    assertTrue(members(builtInMembers, "EAEU", 2014).isEmpty()); // the treaty entered into force 2015-01-01
    // Georgia left in August 2009; Turkmenistan is an associate member since 2005-08-26 (counted);
    // Ukraine was a participant (never ratified the Charter: listed, not counted) until May 2018.
    assertTrue(members(builtInMembers, "CIS", 2008).contains("GEO"));
    assertFalse(members(builtInMembers, "CIS", 2009).contains("GEO"));
    assertFalse(members(builtInMembers, "CIS", 2004).contains("TKM"));
    assertTrue(members(builtInMembers, "CIS", 2005).contains("TKM"));
    assertEquals(1, builtInMembers.filter("group_id = 'CIS' AND year = 2017 AND iso3 = 'UKR' AND NOT counted"
        + " AND membership_status = 'participant'").count());
    assertEquals(0, builtInMembers.filter("group_id = 'CIS' AND year = 2018 AND iso3 = 'UKR'").count());
    assertEquals(10, members(builtInMembers, "CIS", 2024).size()); // 9 members + the associate TKM
    assertEquals(Set.of("ARM", "AZE", "BLR", "KAZ", "KGZ", "RUS", "TJK", "TKM", "UZB"),
        members(builtInMembers, "ITU_CIS", 2010));
  }

  @Test
  void partialDatesMeanTheFirstDayWhenJoiningAndTheLastDayWhenLeaving() {
    assertEquals(LocalDate.of(2012, 4, 1), PeerGroups.parseDate("2012-04", false));
    assertEquals(LocalDate.of(2021, 5, 31), PeerGroups.parseDate("2021-05", true));
    assertEquals(LocalDate.of(2021, 12, 31), PeerGroups.parseDate("2021", true));
    assertEquals(LocalDate.of(2019, 4, 12), PeerGroups.parseDate("2019-04-12", false));
    assertNull(PeerGroups.parseDate(" ", false));
    assertThrows(IllegalArgumentException.class, () -> PeerGroups.parseDate("April 2019", false));
  }

  @Test
  void ituRegionsAndWorldBankIncomeGroupsByFiscalYear() {
    List<Row> rows = List.of(
        RowFactory.create("economy", "CHN", "ASP", "UMI", "ITU_IDI_ANNEX", Date.valueOf("2024-06-01"), 2024),
        RowFactory.create("economy", "BLR", "CIS", "UMI", "ITU_IDI_ANNEX", Date.valueOf("2024-06-01"), 2024),
        RowFactory.create("economy", "RUS", null, "Upper middle income", "WB_WDI", Date.valueOf("2023-05-10"), null),
        RowFactory.create("economy", "RUS", null, "High income", "WB_WDI", Date.valueOf("2024-11-15"), null),
        RowFactory.create("aggregate", "EAS", null, "High income", "WB_WDI", Date.valueOf("2024-11-15"), null));
    Dataset<Row> m = PeerGroups.builtIn().members(spark.createDataFrame(rows, CLASSIFICATION), years(2015, 2025));
    assertTrue(members(m, "ITU_ASP", 2016).contains("CHN"));
    assertTrue(members(m, "ITU_CIS", 2016).contains("BLR"));
    // vintage 2023-05 = FY23 (released July 2022), vintage 2024-11 = FY25; data year Y is classified by FY Y+2.
    assertTrue(members(m, "WB_HIC", 2023).contains("RUS")); // FY25 exact
    assertTrue(members(m, "WB_UMC", 2021).contains("RUS")); // FY23 exact
    assertTrue(members(m, "WB_UMC", 2022).contains("RUS")); // FY24 absent: FY23 and FY25 tie, the older wins
    assertTrue(members(m, "WB_HIC", 2024).contains("RUS")); // FY26 absent: FY25 is 1 away
    assertFalse(members(m, "WB_UMC", 2018).contains("RUS")); // FY20: nothing within 2 fiscal years
    assertEquals(0, m.filter("iso3 = 'EAS'").count());
    Row r = m.filter("group_id = 'WB_HIC' AND year = 2023 AND iso3 = 'RUS'").first();
    assertEquals(2025, r.<Integer>getAs("fiscal_year")); // FY25
    assertTrue(r.<String>getAs("membership_source").contains("2024-11-15"), r.<String>getAs("membership_source"));
  }

  @Test
  void oghistRowsWinWhenTheyHaveTheFiscalYear() {
    StructType withFy = CLASSIFICATION.add("fiscal_year", "int");
    List<Row> rows = List.of(
        RowFactory.create("economy", "BLR", null, "LMC", "WB_OGHIST", Date.valueOf("2021-07-01"), null, 20),
        RowFactory.create("economy", "BLR", null, "UMC", "WB_OGHIST", Date.valueOf("2021-07-01"), null, 21),
        RowFactory.create("economy", "BLR", null, "Upper middle income", "WB_WDI", Date.valueOf("2023-05-10"), null, null));
    Dataset<Row> m = PeerGroups.builtIn().members(spark.createDataFrame(rows, withFy), years(2018, 2021));
    assertTrue(members(m, "WB_LMC", 2018).contains("BLR")); // FY20
    assertTrue(members(m, "WB_UMC", 2019).contains("BLR")); // FY21
    assertTrue(m.filter("year = 2019 AND iso3 = 'BLR' AND group_id LIKE 'WB_%'").first().<String>getAs("membership_source")
        .startsWith("WB_OGHIST FY2021"));
    assertTrue(members(m, "WB_UMC", 2021).contains("BLR")); // FY23 from WDI metadata
  }

  /** A user group from a CSV file: five members, one without data. */
  private static PeerGroups userGroups() throws Exception {
    Path dir = TestSpark.tempDir("groups");
    Path f = dir.resolve("my_groups.csv");
    Files.writeString(f, "group_id,group_name,iso3,membership_status,joined,left,source_url,source_note\n"
        + "MY_PEERS,My peers,FRA,member,,,,\n"
        + "MY_PEERS,My peers,DEU,member,2010,,,\n"
        + "MY_PEERS,My peers,ITA,,,,,\n"
        + "MY_PEERS,My peers,ESP,member,,,https://example.org,hand-made\n"
        + "MY_PEERS,My peers,PRT,member,,2030-06,,\n"
        + "MY_PEERS,My peers,POL,member,,2019,,left before the fixture year\n");
    return PeerGroups.builtIn().withUserFile(f.getFileName().toString(), Files.readString(f));
  }

  private static Dataset<Row> fixtureValues() {
    return spark.createDataFrame(List.of(
        RowFactory.create("FRA", "internet_users_pct", 2020, 10.0, "%"),
        RowFactory.create("DEU", "internet_users_pct", 2020, 40.0, "%"),
        RowFactory.create("ITA", "internet_users_pct", 2020, 30.0, "%"),
        RowFactory.create("ESP", "internet_users_pct", 2020, 20.0, "%"),
        RowFactory.create("POL", "internet_users_pct", 2020, 99.0, "%"), // not a member in 2020
        RowFactory.create("CHN", "internet_users_pct", 2020, 35.0, "%"), // outsider
        RowFactory.create("FRA", "fixed_bb_basket_pct_gni", 2020, 3.0, "%"),
        RowFactory.create("DEU", "fixed_bb_basket_pct_gni", 2020, 1.0, "%"),
        RowFactory.create("ITA", "fixed_bb_basket_pct_gni", 2020, 2.0, "%"),
        RowFactory.create("ESP", "fixed_bb_basket_pct_gni", 2020, 5.0, "%"),
        RowFactory.create("PRT", "fixed_bb_basket_pct_gni", 2020, 4.0, "%")), VALUES);
  }

  private static Row row(Dataset<Row> d, String where) {
    List<Row> rows = d.filter(where).collectAsList();
    assertEquals(1, rows.size(), where);
    return rows.get(0);
  }

  @Test
  void statisticsOfAUserGroupMatchHandComputedValues() throws Exception {
    PeerGroups groups = userGroups();
    Dataset<Row> members = groups.members(spark.createDataFrame(List.of(), CLASSIFICATION), years(2020, 2020));
    assertEquals(Set.of("DEU", "ESP", "FRA", "ITA", "PRT"), members(members, "MY_PEERS", 2020));
    Dataset<Row> bench = PeerBenchmark.benchmark(members, fixtureValues(), PeerBenchmark.directions(spark), 0.5);
    // internet use: 10, 20, 30, 40 (PRT has no value): n = 4 of 5 members.
    // percentile_cont: position p·(n−1) → p25 at 0.75: 10 + 0.75·10 = 17.5; median at 1.5: 25; p75 at 2.25: 32.5.
    Row r = row(bench, "group_id = 'MY_PEERS' AND indicator = 'internet_users_pct' AND year = 2020");
    assertEquals(5L, r.<Long>getAs("members"));
    assertEquals(4L, r.<Long>getAs("members_with_data"));
    assertEquals(0.8, r.<Double>getAs("coverage_share"), 1e-12);
    assertEquals(25.0, r.<Double>getAs("mean"), 1e-12);
    assertEquals(25.0, r.<Double>getAs("median"), 1e-12);
    assertEquals(17.5, r.<Double>getAs("p25"), 1e-12);
    assertEquals(32.5, r.<Double>getAs("p75"), 1e-12);
    assertEquals(10.0, r.<Double>getAs("min"), 0);
    assertEquals(40.0, r.<Double>getAs("max"), 0);
    assertEquals("DEU", r.getAs("leader_iso3")); // higher is better
    assertNull(r.getAs("suppressed_reason"));
    assertNull(r.getAs("suppressed_code"));
    // basket (lower is better): 3, 1, 2, 5, 4 → median 3, p25 2, p75 4, leader DEU with 1.
    Row b = row(bench, "group_id = 'MY_PEERS' AND indicator = 'fixed_bb_basket_pct_gni'");
    assertEquals("lower", b.getAs("better"));
    assertEquals("DEU", b.getAs("leader_iso3"));
    assertEquals(1.0, b.<Double>getAs("leader_value"), 0);
    assertEquals(3.0, b.<Double>getAs("median"), 1e-12);
    assertEquals(2.0, b.<Double>getAs("p25"), 1e-12);
    assertEquals(4.0, b.<Double>getAs("p75"), 1e-12);
    assertEquals(1.0, b.<Double>getAs("coverage_share"), 1e-12);
  }

  @Test
  void statisticsBelowTheCoverageThresholdAreNotPublished() throws Exception {
    Dataset<Row> members = userGroups().members(spark.createDataFrame(List.of(), CLASSIFICATION), years(2020, 2020));
    // coverage of internet use is 4/5 = 0.8
    Row atThreshold = row(PeerBenchmark.benchmark(members, fixtureValues(), PeerBenchmark.directions(spark), 0.8),
        "group_id = 'MY_PEERS' AND indicator = 'internet_users_pct'");
    assertEquals(25.0, atThreshold.<Double>getAs("median"), 1e-12);
    Row above = row(PeerBenchmark.benchmark(members, fixtureValues(), PeerBenchmark.directions(spark), 0.85),
        "group_id = 'MY_PEERS' AND indicator = 'internet_users_pct'");
    for (String c : List.of("mean", "median", "p25", "p75", "min", "max", "leader_iso3", "leader_value")) {
      assertNull(above.getAs(c), c);
    }
    assertEquals(4L, above.<Long>getAs("members_with_data"));
    assertTrue(above.<String>getAs("suppressed_reason").contains("4/5"), above.<String>getAs("suppressed_reason"));
    assertEquals("LOW_COVERAGE", above.getAs("suppressed_code"));
    // EAEU has members in 2020 but none of them has fixture data
    Row none = row(PeerBenchmark.benchmark(members, fixtureValues(), PeerBenchmark.directions(spark), 0.5),
        "group_id = 'EAEU' AND indicator = 'internet_users_pct'");
    assertEquals(0L, none.<Long>getAs("members_with_data"));
    assertEquals("no member has data", none.getAs("suppressed_reason"));
    assertEquals("NO_MEMBER_DATA", none.getAs("suppressed_code"));
  }

  @Test
  void positionsRankMembersAndOutsidersInTheIndicatorsDirection() throws Exception {
    Dataset<Row> members = userGroups().members(spark.createDataFrame(List.of(), CLASSIFICATION), years(2020, 2020));
    Dataset<Row> values = fixtureValues();
    Dataset<Row> bench = PeerBenchmark.benchmark(members, values, PeerBenchmark.directions(spark), 0.5);
    Dataset<Row> pos = PeerBenchmark.positions(members, values, bench, List.of("CHN")).cache();
    // ITA 30 among 10, 20, 30, 40: one better (DEU) → rank 2; 2 of the 3 others worse → 66.67;
    // gap to median 30 − 25 = 5; gap to leader 30 − 40 = −10.
    Row ita = row(pos, "group_id = 'MY_PEERS' AND indicator = 'internet_users_pct' AND iso3 = 'ITA'");
    assertEquals(2, ita.<Integer>getAs("rank"));
    assertEquals(200.0 / 3, ita.<Double>getAs("percentile"), 1e-9);
    assertEquals(5.0, ita.<Double>getAs("gap_to_median"), 1e-12);
    assertEquals(-10.0, ita.<Double>getAs("gap_to_leader"), 1e-12);
    assertTrue(ita.<Boolean>getAs("is_member"));
    // CHN 35, not a member: only DEU better → rank 2; 3 of 4 members worse → 75.
    Row chn = row(pos, "group_id = 'MY_PEERS' AND indicator = 'internet_users_pct' AND iso3 = 'CHN'");
    assertFalse(chn.<Boolean>getAs("is_member"));
    assertEquals(2, chn.<Integer>getAs("rank"));
    assertEquals(75.0, chn.<Double>getAs("percentile"), 1e-9);
    // Basket, lower is better: DEU (1) first with percentile 100, ESP (5) last with 0.
    Row deu = row(pos, "group_id = 'MY_PEERS' AND indicator = 'fixed_bb_basket_pct_gni' AND iso3 = 'DEU'");
    assertEquals(1, deu.<Integer>getAs("rank"));
    assertEquals(100.0, deu.<Double>getAs("percentile"), 1e-9);
    Row esp = row(pos, "group_id = 'MY_PEERS' AND indicator = 'fixed_bb_basket_pct_gni' AND iso3 = 'ESP'");
    assertEquals(5, esp.<Integer>getAs("rank"));
    assertEquals(0.0, esp.<Double>getAs("percentile"), 1e-9);
    assertEquals(2.0, esp.<Double>getAs("gap_to_median"), 1e-12); // 5 − 3
    // POL left MY_PEERS in 2019: no position as a member
    assertEquals(0, pos.filter("group_id = 'MY_PEERS' AND iso3 = 'POL'").count());
  }

  @Test
  void yamlGroupsFileAndItsErrors() {
    String yaml = "groups:\n"
        + "  - id: NORDIC_BALTIC\n"
        + "    name: Nordic-Baltic eight\n"
        + "    source: https://example.org/nb8\n"
        + "    members:\n"
        + "      - DNK\n"
        + "      - {iso3: EST, joined: 1992}\n"
        + "      - {iso3: LVA, joined: 2019-04-12, left: 2022-08}\n";
    PeerGroups g = PeerGroups.builtIn().withUserFile("nb8.yaml", yaml);
    Dataset<Row> m = g.members(spark.createDataFrame(List.of(), CLASSIFICATION), years(2018, 2022));
    assertEquals(Set.of("DNK", "EST"), members(m, "NORDIC_BALTIC", 2018));
    assertEquals(Set.of("DNK", "EST", "LVA"), members(m, "NORDIC_BALTIC", 2021));
    assertEquals(Set.of("DNK", "EST"), members(m, "NORDIC_BALTIC", 2022));
    IctbenchException clash = assertThrows(IctbenchException.class,
        () -> PeerGroups.builtIn().withUserFile("g.csv", "group_id,group_name,iso3\nEAEU,Mine,BLR\n"));
    assertTrue(clash.getMessage().contains("built-in"), clash.getMessage());
    IctbenchException badDate = assertThrows(IctbenchException.class,
        () -> PeerGroups.builtIn().withUserFile("g.csv", "group_id,group_name,iso3,joined\nMINE,Mine,BLR,spring 2020\n"));
    assertTrue(badDate.getMessage().contains("g.csv line 2"), badDate.getMessage());
    assertThrows(IctbenchException.class, () -> PeerGroups.builtIn().withUserFile("g.yaml", "groups: [ {id: X} ]"));
  }

  @Test
  void everyIndicatorHasADirectionOrNoneOnPurpose() {
    Map<String, String> d = new HashMap<>();
    PeerBenchmark.directions(spark).collectAsList().forEach(r -> d.put(r.getString(0), r.getString(1)));
    assertEquals("lower", d.get("fixed_bb_basket_pct_gni"));
    assertEquals("lower", d.get("mobile_data_voice_hc_basket_pct_gni"));
    assertEquals("higher", d.get("internet_users_pct"));
    assertEquals("higher", d.get("idi"));
  }

  /**
   * The peer stage computes the curated indicators' statistics and positions before the IDI scores
   * exist and adds the scores' own afterwards, with the members of the years only the scores have: the
   * rows are those of every value at once (as a multiset; the two parts follow each other).
   */
  @Test
  void theRowsOfIndicatorsWithoutCommonValuesAddUpToTheRowsOfAllValues() {
    PeerGroups groups = PeerGroups.builtIn();
    List<String> economies = List.of("BLR", "RUS", "KAZ", "ARM", "KGZ", "UZB", "CHN", "POL", "HUN", "SRB");
    java.util.Random r = new java.util.Random(7);
    List<Row> curated = new ArrayList<>();
    List<Row> scores = new ArrayList<>();
    for (String iso3 : economies) {
      for (int year = 2016; year <= 2022; year++) {
        if (r.nextInt(5) > 0) {
          curated.add(RowFactory.create(iso3, "internet_users_pct", year, (double) r.nextInt(100), "%"));
        }
        if (r.nextInt(4) > 0) {
          curated.add(RowFactory.create(iso3, "fixed_bb_basket_pct_gni", year, r.nextInt(80) / 10.0, "% of GNI"));
        }
      }
      for (int edition = 2021; edition <= 2024; edition++) { // 2023 and 2024: years only the scores have
        scores.add(RowFactory.create(iso3, edition, r.nextInt(1000) / 10.0, r.nextInt(1000) / 10.0, null));
      }
    }
    List<Row> idi = PeerBenchmark.valueRows(List.of(), scores);
    Map<String, String> directions = Map.of("internet_users_pct", "higher", "fixed_bb_basket_pct_gni", "lower",
        "idi", "higher", "idi_universal", "higher");
    List<String> outsiders = List.of("CHN", "BLR");
    java.util.SortedSet<Integer> curatedYears = new TreeSet<>(List.of(2016, 2017, 2018, 2019, 2020, 2021, 2022));
    java.util.SortedSet<Integer> allYears = new TreeSet<>(curatedYears);
    allYears.addAll(List.of(2023, 2024));
    List<Row> allMembers = groups.memberRows(List.of(), allYears);

    PeerBenchmark.BenchmarkAndPositions first = PeerBenchmark.benchmarkAndPositionRows(
        groups.memberRows(List.of(), curatedYears), curated, directions, 0.5, outsiders);
    PeerBenchmark.BenchmarkAndPositions then = PeerBenchmark.benchmarkAndPositionRows(allMembers, idi, directions, 0.5,
        outsiders);
    List<Row> values = new ArrayList<>(curated);
    values.addAll(idi);
    PeerBenchmark.BenchmarkAndPositions once = PeerBenchmark.benchmarkAndPositionRows(allMembers, values, directions,
        0.5, outsiders);
    assertTrue(once.positions().size() > 100 && then.positions().size() > 20, "positions " + once.positions().size());
    assertEquals(multiset(once.benchmark()), multiset(first.benchmark(), then.benchmark()));
    assertEquals(multiset(once.positions()), multiset(first.positions(), then.positions()));
  }

  @SafeVarargs
  private static List<String> multiset(List<Row>... parts) {
    List<String> out = new ArrayList<>();
    for (List<Row> p : parts) {
      p.forEach(row -> out.add(row.mkString("|")));
    }
    out.sort(null);
    return out;
  }
}
