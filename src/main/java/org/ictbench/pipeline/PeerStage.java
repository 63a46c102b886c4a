package org.ictbench.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.ictbench.gold.BilateralComparison;
import org.ictbench.gold.PeerBenchmark;
import org.ictbench.gold.PeerGroups;
import org.ictbench.gold.PeerOptions;
import org.ictbench.core.DriverRowsFrame;
import org.ictbench.core.Errors;
import org.ictbench.core.ReferenceData;
import org.ictbench.curate.Catalog;
import org.ictbench.core.Table;

/**
 * The peer and bilateral tables: gold.bilateral_comparison, gold.peer_group_member,
 * gold.peer_benchmark, gold.peer_position, gold.bilateral_group_rank and gold.bilateral_idi_gap, from
 * silver.observation_latest, the classifications, the IDI scores and the groups (built-in, or the
 * user's file), by the plain functions of {@link PeerGroups}, {@link PeerBenchmark} and
 * {@link BilateralComparison}. gold.bilateral_idi_gap is its last table: its fingerprint marks the
 * set as complete.
 */
final class PeerStage implements Stage<Dataset<Row>> {
  /**
   * The logic version of the peer and bilateral tables: part of their input fingerprint, so a new build
   * recomputes them only when this changes (or their inputs do). Bump it with any change to this class
   * or to the code it calls ({@link PeerGroups}, {@link PeerBenchmark}, {@link BilateralComparison}) that
   * can change a table for the same inputs.
   */
  static final int LOGIC_VERSION = 1;

  /**
   * The tables in write order, the largest (gold.peer_position) first so that the others fit beside it;
   * the last one marks the set as complete.
   */
  static final List<Table> TABLES = List.of(Table.PEER_POSITION, Table.PEER_BENCHMARK, Table.BILATERAL_COMPARISON,
      Table.PEER_GROUP_MEMBER, Table.BILATERAL_GROUP_RANK, Table.BILATERAL_IDI_GAP);

  private final PipelineConfig config;
  private final Catalog catalog;
  private final PeerGroups groups;

  PeerStage(PipelineConfig config, Catalog catalog, PeerGroups groups) {
    this.config = config;
    this.catalog = catalog;
    this.groups = groups;
  }

  @Override
  public String name() {
    return "peer";
  }

  @Override
  public List<Table> reads() {
    return List.of(Table.OBSERVATION_LATEST, Table.ECONOMY_CLASSIFICATION, Table.IDI_SCORE, Table.IDI_INDICATOR_SCORE);
  }

  @Override
  public List<Table> requires() {
    return List.of(Table.OBSERVATION_LATEST);
  }

  @Override
  public List<Table> writes() {
    return TABLES;
  }

  @Override
  public int logicVersion() {
    return LOGIC_VERSION;
  }

  /** The groups of {@code reference} (the built-in ones, or its folder's) plus the user's file, if the config names one. */
  static PeerGroups groups(Configuration hadoop, PeerOptions options, ReferenceData reference) {
    PeerGroups groups = PeerGroups.load(reference);
    if (options.groupsFile() == null) {
      return groups;
    }
    String uri = options.groupsFile();
    try {
      Path p = new Path(uri);
      FileSystem fs = p.getFileSystem(hadoop);
      if (!fs.exists(p)) {
        throw Errors.inputNotFound("Peer groups file (--groups-file)", uri);
      }
      try (InputStream in = fs.open(p)) {
        return groups.withUserFile(p.getName(), org.ictbench.core.Utf8Text.read(in));
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(uri, "peer groups CSV/YAML", e.getMessage(), e);
    }
  }

  @Override
  public List<Table> preparesFrom() {
    return List.of(Table.OBSERVATION_LATEST, Table.ECONOMY_CLASSIFICATION);
  }

  @Override
  public Map<Table, Dataset<Row>> transform(Inputs<Dataset<Row>> in) {
    return prepare(in).tables().get();
  }

  /**
   * Its inputs are collected to the driver once (silver.observation_latest's compared columns, the
   * classifications, the IDI scores: bounded by economies, indicators and years) and the tables
   * computed there (see the gold package), so the stage costs a few reads and one write per table
   * rather than a Spark query per intermediate result. Prepare reads the silver tables, which the IDI
   * stage does not write, and computes what rests on them alone (the comparison, the members, the
   * statistics and positions of the curated indicators) while the IDI tables are computed; the
   * transform adds the IDI scores' own rows. gold.bilateral_idi_gap is left out while there are no
   * IDI scores.
   */
  @Override
  public Prepared<Dataset<Row>> prepare(Inputs<Dataset<Row>> in) {
    Dataset<Row> latestTable = in.read(Table.OBSERVATION_LATEST);
    SparkSession spark = latestTable.sparkSession();
    List<Row> latest = BilateralComparison.latestRows(latestTable);
    List<Row> classification = in.exists(Table.ECONOMY_CLASSIFICATION)
        ? PeerGroups.classificationRows(in.read(Table.ECONOMY_CLASSIFICATION)) : List.of();
    Dataset<Row> comparison = DriverRowsFrame.of(spark, BilateralComparison.compareRows(latest, config.pairA(),
        config.pairB(), config.peers().cagrWindow()), BilateralComparison.COMPARISON);
    List<Row> values = PeerBenchmark.valueRows(latest, null);
    SortedSet<Integer> years = years(values);
    List<Row> members = groups.memberRows(classification, years);
    FromSilver silver = new FromSilver(classification, comparison, values, years, members,
        benchmarkAndPositions(members, values));
    return new Prepared<>(Optional.empty(), () -> tables(spark, silver, in));
  }

  /** What the tables take from the silver tables alone, computed before the IDI scores exist. */
  private record FromSilver(List<Row> classification, Dataset<Row> comparison, List<Row> values,
      SortedSet<Integer> years, List<Row> members, PeerBenchmark.BenchmarkAndPositions peer) {}

  private Map<Table, Dataset<Row>> tables(SparkSession spark, FromSilver silver, Inputs<Dataset<Row>> in) {
    List<Row> idi = in.exists(Table.IDI_SCORE) ? PeerBenchmark.idiScoreRows(in.read(Table.IDI_SCORE)) : null;
    List<Row> idiValues = idi == null ? List.of() : PeerBenchmark.valueRows(List.of(), idi);
    SortedSet<Integer> years = new TreeSet<>(silver.years());
    years.addAll(years(idiValues));
    // a year only the IDI scores have brings its groups' members; the members of the other years stay
    List<Row> members = years.equals(silver.years()) ? silver.members() : groups.memberRows(silver.classification(),
        years);
    List<Row> bench;
    List<Row> positions;
    if (Collections.disjoint(indicators(silver.values()), indicators(idiValues))) {
      // a group's statistics and positions of one indicator and year read that indicator's values that year
      PeerBenchmark.BenchmarkAndPositions fromIdi = benchmarkAndPositions(members, idiValues);
      bench = new ArrayList<>(silver.peer().benchmark());
      bench.addAll(fromIdi.benchmark());
      positions = new ArrayList<>(silver.peer().positions());
      positions.addAll(fromIdi.positions());
    } else {
      List<Row> values = new ArrayList<>(silver.values());
      values.addAll(idiValues);
      PeerBenchmark.BenchmarkAndPositions all = benchmarkAndPositions(members, values);
      bench = all.benchmark();
      positions = all.positions();
    }
    Map<Table, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(Table.BILATERAL_COMPARISON, silver.comparison());
    tables.put(Table.PEER_GROUP_MEMBER, DriverRowsFrame.of(spark, members, PeerGroups.MEMBER));
    tables.put(Table.PEER_BENCHMARK, DriverRowsFrame.of(spark, bench, PeerBenchmark.BENCHMARK));
    tables.put(Table.PEER_POSITION, DriverRowsFrame.of(spark, positions, PeerBenchmark.POSITION));
    tables.put(Table.BILATERAL_GROUP_RANK, DriverRowsFrame.of(spark, BilateralComparison.groupRankRows(positions,
        config.pairA(), config.pairB()), BilateralComparison.GROUP_RANK));
    if (in.exists(Table.IDI_INDICATOR_SCORE) && idi != null) {
      List<Row> pairScores = BilateralComparison.indicatorScoreRows(in.read(Table.IDI_INDICATOR_SCORE),
          config.pairA(), config.pairB());
      tables.put(Table.BILATERAL_IDI_GAP, DriverRowsFrame.of(spark, BilateralComparison.idiGapRows(pairScores, idi,
          config.pairA(), config.pairB()), BilateralComparison.IDI_GAP));
    }
    return tables;
  }

  private PeerBenchmark.BenchmarkAndPositions benchmarkAndPositions(List<Row> members, List<Row> values) {
    return PeerBenchmark.benchmarkAndPositionRows(members, values, PeerBenchmark.directionMap(catalog.indicators()),
        config.peers().coverageThreshold(), List.of(config.pairA(), config.pairB()));
  }

  /** The years of value rows ({@link PeerBenchmark#VALUE}). */
  private static SortedSet<Integer> years(List<Row> values) {
    SortedSet<Integer> years = new TreeSet<>();
    values.forEach(v -> {
      if (!v.isNullAt(2)) {
        years.add(v.getInt(2));
      }
    });
    return years;
  }

  private static Set<String> indicators(List<Row> values) {
    Set<String> out = new HashSet<>();
    values.forEach(v -> out.add(v.getString(1)));
    return out;
  }
}
