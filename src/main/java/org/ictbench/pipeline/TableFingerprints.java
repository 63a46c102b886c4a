package org.ictbench.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.gold.PeerGroups;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;
import org.ictbench.core.TableContract;
import org.ictbench.curate.Catalog;
import org.ictbench.curate.Curation;
import org.ictbench.gold.IdiGold;

/**
 * The input fingerprint every reference and derived table must carry in its newest commit for the
 * table to be current. The pipeline rewrites a table only when its fingerprint differs, and the
 * up-to-date check compares the same strings without Spark; both take them from here so the two
 * can never disagree.
 *
 * <p>A derived table's fingerprint covers its inputs, the logic version its stage declares
 * ({@link LogicVersions}) and the stage's columns in the {@link TableContract}, chained downstream: silver.observation_latest, then the IDI tables, then
 * the peer tables. Other edits to the build (the report, the CLI, another stage) recompute nothing.
 */
final class TableFingerprints {
  /** The logic version each derived stage declares beside its code. */
  record LogicVersions(int latest, int idi, int peer) {
    static final LogicVersions CURRENT =
        new LogicVersions(Curation.LATEST_LOGIC_VERSION, IdiGold.LOGIC_VERSION, PeerStage.LOGIC_VERSION);
  }

  static final List<Table> REFERENCE = List.of(Table.COUNTRY, Table.INDICATOR, Table.REASON_CODE, Table.IDI_GOALPOST);
  static final List<Table> IDI = IdiStage.TABLES;
  static final List<Table> PEER = PeerStage.TABLES;

  /** Tables whose currency is decided together ({@link StageRunner#current}): a stage's writes. */
  record TableSet(List<Table> tables, boolean independent) {}

  /** The sets of the tables that carry a fingerprint: each reference table alone, then each derived stage's. */
  static final List<TableSet> SETS = List.of(new TableSet(REFERENCE, true),
      new TableSet(List.of(Table.OBSERVATION_LATEST), false), new TableSet(IDI, false), new TableSet(PEER, false));

  private final Map<Table, String> expected = new EnumMap<>(Table.class);

  /**
   * @param ingestLog every file checksum bronze.ingest_file holds once this run's log rows are in
   * @param holds the vintages held in silver.observation ({@link VintageStage#holdsFingerprint})
   */
  TableFingerprints(PipelineConfig config, ReferenceData reference, Catalog catalog, IdiMethodology methodology,
      PeerGroups groups, Set<String> ingestLog, String holds) {
    this(config, reference, catalog, methodology, groups, ingestLog, holds, LogicVersions.CURRENT);
  }

  /** As above, with the stages' logic versions given (tests). */
  TableFingerprints(PipelineConfig config, ReferenceData reference, Catalog catalog, IdiMethodology methodology,
      PeerGroups groups, Set<String> ingestLog, String holds, LogicVersions logic) {
    String catalogFp = catalog.fingerprint();
    TableContract contract = TableContract.get();
    expected.put(Table.COUNTRY, "reference=" + reference.table("reference/country.csv").sha256());
    expected.put(Table.INDICATOR, "catalog=" + catalogFp);
    expected.put(Table.REASON_CODE, "catalog=" + catalogFp);
    expected.put(Table.IDI_GOALPOST, "methodology=" + methodology.fingerprint());
    // the contract's columns too: a lake an older ictbench wrote is rewritten in the current shape
    REFERENCE.forEach(t -> expected.put(t, expected.get(t) + ";columns=" + contract.columnsHash(List.of(t))));
    String inputs = sha(String.join(",", new TreeSet<>(ingestLog)));
    // Each stage's logic version is part of its input (and of every stage downstream of it); --force
    // recomputes them all regardless.
    String derived = "latest=v" + logic.latest() + (config.force() ? ";forced=" + UUID.randomUUID() : "")
        + ";inputs=" + inputs + ";catalog=" + sha(catalogFp) + ";holds=" + holds
        + ";columns=" + contract.columnsHash(List.of(Table.OBSERVATION_LATEST));
    expected.put(Table.OBSERVATION_LATEST, derived);
    String idi = derived + ";idi=v" + logic.idi() + ";methodology=" + methodology.fingerprint()
        + ";columns=" + contract.columnsHash(IDI);
    IDI.forEach(t -> expected.put(t, idi));
    String peer = idi + ";peer=v" + logic.peer() + ";groups=" + groups.fingerprint() + ";" + config.peers().fingerprint() + ";pair="
        + config.pairA() + "," + config.pairB() + ";columns=" + contract.columnsHash(PEER);
    PEER.forEach(t -> expected.put(t, peer));
  }

  String of(Table t) {
    String fp = expected.get(t);
    if (fp == null) {
      throw new IllegalArgumentException(t.qualifiedName() + " carries no input fingerprint");
    }
    return fp;
  }

  /** Every table that carries an input fingerprint. */
  Set<Table> tables() {
    return expected.keySet();
  }

  private static String sha(String s) {
    return ResourceTable.sha256(s.getBytes(StandardCharsets.UTF_8));
  }
}
