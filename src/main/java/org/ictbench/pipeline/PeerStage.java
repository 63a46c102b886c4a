package org.ictbench.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.ictbench.benchmark.BilateralComparison;
import org.ictbench.benchmark.PeerBenchmark;
import org.ictbench.benchmark.PeerGroups;
import org.ictbench.benchmark.PeerOptions;
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
  private static final StructType EMPTY_CLASSIFICATION = new StructType()
      .add("entity_kind", DataTypes.StringType).add("iso3", DataTypes.StringType)
      .add("region", DataTypes.StringType).add("income_group", DataTypes.StringType)
      .add("source", DataTypes.StringType).add("vintage", DataTypes.DateType).add("edition", DataTypes.IntegerType);

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
        return groups.withUserFile(p.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw Errors.unreadableFile(uri, "peer groups CSV/YAML", e.getMessage(), e);
    }
  }

  /**
   * Writes the tables whose fingerprint changed. Independent tables go to
   * {@code group} together; gold.bilateral_idi_gap, whose fingerprint marks the stage as complete, is
   * written after they all committed.
   */
  void write(TableFingerprints fingerprints, PeerGroups groups, WriteGroup group) {
    PeerOptions options = config.peers();
    String fp = fingerprints.of(Table.BILATERAL_IDI_GAP);
    Dataset<Row> latest = lake.read(Table.OBSERVATION_LATEST);
    Dataset<Row> comparison = BilateralComparison.compare(latest, config.pairA(), config.pairB(), options.cagrWindow());
    if (fp.equals(writes.lastFingerprint(Table.BILATERAL_IDI_GAP))) {
      // the last table of this stage already reflects these inputs
      writes.overwriteIfChanged(comparison, Table.BILATERAL_COMPARISON, fp);
      return;
    }
    Dataset<Row> idi = lake.exists(Table.IDI_SCORE) ? lake.read(Table.IDI_SCORE) : null;
    Dataset<Row> values = PeerBenchmark.values(latest, idi).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> classification = lake.exists(Table.ECONOMY_CLASSIFICATION) ? lake.read(Table.ECONOMY_CLASSIFICATION)
        : spark.createDataFrame(List.of(), EMPTY_CLASSIFICATION);
    List<Dataset<Row>> persisted = new ArrayList<>(List.of(values));
    try {
      Dataset<Row> members = persist(persisted, groups.members(classification, values.select("year").distinct()));
      Dataset<Row> bench = persist(persisted,
          PeerBenchmark.benchmark(members, values, PeerBenchmark.directions(spark, catalog.indicators()), options.coverageThreshold()));
      Dataset<Row> positions = persist(persisted,
          PeerBenchmark.positions(members, values, bench, List.of(config.pairA(), config.pairB())));
      Map<Table, Dataset<Row>> tables = new LinkedHashMap<>();
      tables.put(Table.BILATERAL_COMPARISON, comparison);
      tables.put(Table.PEER_GROUP_MEMBER, members);
      tables.put(Table.PEER_BENCHMARK, bench);
      tables.put(Table.PEER_POSITION, positions);
      tables.put(Table.BILATERAL_GROUP_RANK, BilateralComparison.groupRanks(positions, config.pairA(), config.pairB()));
      if (lake.exists(Table.IDI_INDICATOR_SCORE) && idi != null) {
        tables.put(Table.BILATERAL_IDI_GAP, BilateralComparison.idiGaps(lake.read(Table.IDI_INDICATOR_SCORE), idi,
            config.pairA(), config.pairB()));
      }
      writes.overwriteSetIfChanged(tables, t -> fp, group);
    } finally {
      persisted.forEach(Dataset::unpersist);
    }
  }

  private static Dataset<Row> persist(List<Dataset<Row>> persisted, Dataset<Row> ds) {
    Dataset<Row> p = ds.persist(StorageLevel.MEMORY_AND_DISK());
    persisted.add(p);
    return p;
  }

}
