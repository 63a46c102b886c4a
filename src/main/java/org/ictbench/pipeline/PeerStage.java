package org.ictbench.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.gold.BilateralComparison;
import org.ictbench.gold.PeerBenchmark;
import org.ictbench.gold.PeerGroups;
import org.ictbench.gold.PeerOptions;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Errors;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.ReferenceData;
import org.ictbench.curate.Catalog;
import org.ictbench.core.Table;
import org.ictbench.core.WriteGroup;

/**
 * The I/O edge of the peer and bilateral tables: reads silver/gold inputs and the user's groups file,
 * calls the plain functions of {@link PeerGroups}, {@link PeerBenchmark} and
 * {@link BilateralComparison}, and writes gold.peer_group_member, gold.peer_benchmark,
 * gold.peer_position, gold.bilateral_comparison, gold.bilateral_group_rank and gold.bilateral_idi_gap,
 * each only when its input fingerprint changed.
 */
final class PeerStage {
  /**
   * The logic version of the peer and bilateral tables: part of their input fingerprint, so a new build
   * recomputes them only when this changes (or their inputs do). Bump it with any change to this class
   * or to the code it calls ({@link PeerGroups}, {@link PeerBenchmark}, {@link BilateralComparison}) that
   * can change a table for the same inputs.
   */
  static final int LOGIC_VERSION = 1;

  private final SparkSession spark;
  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final PipelineConfig config;
  private final Catalog catalog;

  PeerStage(SparkSession spark, Lakehouse lake, DeltaWrites writes, PipelineConfig config, Catalog catalog) {
    this.spark = spark;
    this.lake = lake;
    this.writes = writes;
    this.config = config;
    this.catalog = catalog;
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

  /**
   * Writes the tables whose fingerprint changed. Their inputs are collected to the driver once
   * (silver.observation_latest's compared columns, the classifications, the IDI scores: bounded by
   * economies, indicators and years) and the tables computed there (see the gold package), so
   * the stage costs a few reads and one write per table rather than a Spark query per intermediate
   * result. Independent tables go to {@code group} together; gold.bilateral_idi_gap, whose
   * fingerprint marks the stage as complete, is written after they all committed.
   */
  void write(TableFingerprints fingerprints, PeerGroups groups, WriteGroup group) {
    PeerOptions options = config.peers();
    String fp = fingerprints.of(Table.BILATERAL_IDI_GAP);
    boolean stageCurrent = fp.equals(writes.lastFingerprint(Table.BILATERAL_IDI_GAP));
    if (stageCurrent && fp.equals(writes.lastFingerprint(Table.BILATERAL_COMPARISON))) {
      return;
    }
    List<Row> latest = BilateralComparison.latestRows(lake.read(Table.OBSERVATION_LATEST));
    Dataset<Row> comparison = dataset(BilateralComparison.compareRows(latest, config.pairA(), config.pairB(),
        options.cagrWindow()), BilateralComparison.COMPARISON);
    if (stageCurrent) {
      // the last table of this stage already reflects these inputs
      writes.overwriteIfChanged(comparison, Table.BILATERAL_COMPARISON, fp);
      return;
    }
    List<Row> idi = lake.exists(Table.IDI_SCORE) ? PeerBenchmark.idiScoreRows(lake.read(Table.IDI_SCORE)) : null;
    List<Row> values = PeerBenchmark.valueRows(latest, idi);
    SortedSet<Integer> years = new TreeSet<>();
    values.forEach(v -> {
      if (!v.isNullAt(2)) {
        years.add(v.getInt(2));
      }
    });
    List<Row> classification = lake.exists(Table.ECONOMY_CLASSIFICATION)
        ? PeerGroups.classificationRows(lake.read(Table.ECONOMY_CLASSIFICATION)) : List.of();
    List<Row> members = groups.memberRows(classification, years);
    List<Row> bench = PeerBenchmark.benchmarkRows(members, values, PeerBenchmark.directionMap(catalog.indicators()),
        options.coverageThreshold());
    List<Row> positions = PeerBenchmark.positionRows(members, values, bench, List.of(config.pairA(), config.pairB()));
    Map<Table, Dataset<Row>> tables = new LinkedHashMap<>();
    tables.put(Table.BILATERAL_COMPARISON, comparison);
    tables.put(Table.PEER_GROUP_MEMBER, dataset(members, PeerGroups.MEMBER));
    tables.put(Table.PEER_BENCHMARK, dataset(bench, PeerBenchmark.BENCHMARK));
    tables.put(Table.PEER_POSITION, dataset(positions, PeerBenchmark.POSITION));
    tables.put(Table.BILATERAL_GROUP_RANK, dataset(BilateralComparison.groupRankRows(positions, config.pairA(),
        config.pairB()), BilateralComparison.GROUP_RANK));
    if (lake.exists(Table.IDI_INDICATOR_SCORE) && idi != null) {
      List<Row> pairScores = BilateralComparison.indicatorScoreRows(lake.read(Table.IDI_INDICATOR_SCORE),
          config.pairA(), config.pairB());
      tables.put(Table.BILATERAL_IDI_GAP, dataset(BilateralComparison.idiGapRows(pairScores, idi, config.pairA(),
          config.pairB()), BilateralComparison.IDI_GAP));
    }
    writes.overwriteSetIfChanged(tables, t -> fp, group);
  }

  private Dataset<Row> dataset(List<Row> rows, StructType schema) {
    return spark.createDataFrame(rows, schema);
  }

}
