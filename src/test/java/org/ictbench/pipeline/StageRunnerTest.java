package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ictbench.core.CommitMetadata;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.IctbenchException;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.junit.jupiter.api.Test;

/**
 * {@link StageRunner} without Spark: stages over an in-memory lake whose tables are strings, so the
 * runner's decisions (skip, order, completion marker, concurrency, identity) are checked on their own.
 */
class StageRunnerTest {
  private static final StageRunner.Options TWO_THREADS =
      new StageRunner.Options(2, ExecutionProfile.AUTO, ExecutionProfile.SMALL, 0, false);

  /**
   * An in-memory lake: per table its rows and what its last write's commit said (fingerprint, rows
   * digest, the set a marker vouches for), and every write in order.
   */
  private static final class MemoryLake implements StageRunner.Lake<String> {
    final Map<Table, String> rows = new ConcurrentHashMap<>();
    final Map<Table, String> fingerprints = new ConcurrentHashMap<>();
    final Map<Table, String> digests = new ConcurrentHashMap<>();
    final Map<Table, Map<String, String>> sets = new ConcurrentHashMap<>();
    final Map<Table, String> inputs = new ConcurrentHashMap<>();
    /** Tables given a new fingerprint without new rows, in order. */
    final List<Table> recorded = Collections.synchronizedList(new ArrayList<>());
    final List<Table> written = Collections.synchronizedList(new ArrayList<>());
    Table failing;
    CountDownLatch concurrent;
    /** Whether later stages read what earlier ones returned ({@link StageRunner.Lake#handsOff}). */
    boolean handsOff = true;
    /** A table whose write waits until this latch opens. */
    Table held;
    CountDownLatch release;

    MemoryLake(Table... existing) {
      for (Table t : existing) {
        rows.put(t, "input");
        fingerprints.put(t, "");
      }
    }

    @Override
    public boolean exists(Table table) {
      return rows.containsKey(table);
    }

    @Override
    public Optional<CommitMetadata.Derived> lastCommit(Table table) {
      String fp = fingerprints.get(table);
      return fp == null ? Optional.empty()
          : Optional.of(new CommitMetadata.Derived(fp, digests.get(table), sets.getOrDefault(table, Map.of()),
              inputs.get(table)));
    }

    @Override
    public Optional<String> rowsDigest(String r, Table table) {
      return Optional.of(digest(r));
    }

    static String digest(String rows) {
      return "digest of " + rows;
    }

    @Override
    public void overwrite(String r, Table table, CommitMetadata.Derived commit) {
      String fingerprint = commit.fingerprint();
      if (fingerprint.equals(fingerprints.get(table))) {
        return;
      }
      if (concurrent != null) {
        concurrent.countDown();
        try {
          if (!concurrent.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(table + " waited alone: the writes were not concurrent");
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (table == failing) {
        throw new IllegalStateException("write of " + table + " failed");
      }
      if (table == held) {
        try {
          if (!release.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the write of " + table + " was never released");
          }
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      rows.put(table, r);
      fingerprints.put(table, fingerprint);
      if (commit.rows() == null) {
        digests.remove(table);
      } else {
        digests.put(table, commit.rows());
      }
      sets.put(table, commit.set());
      if (commit.inputs() == null) {
        inputs.remove(table);
      } else {
        inputs.put(table, commit.inputs());
      }
      written.add(table);
    }

    @Override
    public void recordFingerprint(Table table, CommitMetadata.Derived commit) {
      fingerprints.put(table, commit.fingerprint());
      sets.put(table, commit.set());
      inputs.put(table, commit.inputs());
      recorded.add(table);
    }

    @Override
    public boolean handsOff(String r) {
      return handsOff;
    }

    @Override
    public Stage.Inputs<String> inputs(Stage<String> stage) {
      return new Stage.Inputs<>() {
        @Override
        public String read(Table table) {
          String r = rows.get(table);
          if (r == null) {
            throw new IllegalStateException(stage.name() + " read " + table + ", which does not exist");
          }
          return r;
        }

        @Override
        public boolean exists(Table table) {
          return rows.containsKey(table);
        }
      };
    }
  }

  /** A stage whose every table holds its name and what it read. */
  private static final class FakeStage implements Stage<String> {
    final String name;
    final List<Table> reads;
    final List<Table> writes;
    final boolean independent;
    final AtomicInteger transforms = new AtomicInteger();
    final AtomicInteger released = new AtomicInteger();
    /** What each read table held when the transform ran. */
    final Map<Table, String> seen = new EnumMap<>(Table.class);
    List<Table> returns;
    /** Rows a table gets instead of the stage's usual ones. */
    final Map<Table, String> instead = new EnumMap<>(Table.class);
    /** Whether {@link #prepare} digests what the stage reads. */
    boolean digestsInputs;
    /** Run when the transform has read its inputs. */
    Runnable afterReads = () -> {};
    /** The tables {@link #prepare} reads ahead of the transform; null: none, the transform reads them all. */
    List<Table> preparesFrom;
    /** Run when prepare has read those tables. */
    Runnable afterPrepare = () -> {};
    /** What each table prepare read held then. */
    final Map<Table, String> prepared = new ConcurrentHashMap<>();

    FakeStage(String name, List<Table> reads, List<Table> writes, boolean independent) {
      this.name = name;
      this.reads = reads;
      this.writes = writes;
      this.independent = independent;
      this.returns = writes;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<Table> reads() {
      return reads;
    }

    @Override
    public List<Table> writes() {
      return writes;
    }

    @Override
    public boolean independentWrites() {
      return independent;
    }

    @Override
    public int logicVersion() {
      return 1;
    }

    @Override
    public Map<Table, String> transform(Inputs<String> in) {
      transforms.incrementAndGet();
      StringBuilder from = new StringBuilder();
      for (Table t : reads) {
        if (in.exists(t)) {
          seen.put(t, in.read(t));
          from.append(in.read(t)).append(';');
        }
      }
      afterReads.run();
      Map<Table, String> out = new LinkedHashMap<>();
      returns.forEach(t -> out.put(t, instead.getOrDefault(t, name + "(" + from + ")")));
      return out;
    }

    @Override
    public List<Table> preparesFrom() {
      return preparesFrom != null ? preparesFrom : Stage.super.preparesFrom();
    }

    @Override
    public Prepared<String> prepare(Inputs<String> in) {
      if (preparesFrom != null) {
        preparesFrom.stream().filter(in::exists).forEach(t -> prepared.put(t, in.read(t)));
        afterPrepare.run();
      }
      if (!digestsInputs) {
        return Stage.super.prepare(in);
      }
      StringBuilder read = new StringBuilder();
      reads.stream().filter(in::exists).forEach(t -> read.append(in.read(t)).append(';'));
      return new Prepared<>(Optional.of("inputs " + read), () -> transform(in));
    }

    @Override
    public void written() {
      released.incrementAndGet();
    }
  }

  private static FakeStage latest() {
    return new FakeStage("latest", List.of(Table.OBSERVATION), List.of(Table.OBSERVATION_LATEST), false);
  }

  private static FakeStage idi() {
    return new FakeStage("idi", List.of(Table.OBSERVATION_LATEST),
        List.of(Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE), false);
  }

  private static FakeStage reference() {
    return new FakeStage("reference", List.of(), List.of(Table.COUNTRY, Table.INDICATOR), true);
  }

  /** Fingerprints per table: "fp-" and a version that a test can bump per table. */
  private static final class Fingerprints implements Function<Table, String> {
    final Map<Table, Integer> version = new EnumMap<>(Table.class);

    @Override
    public String apply(Table t) {
      return "fp-" + version.getOrDefault(t, 1);
    }
  }

  private static List<String> run(MemoryLake lake, Fingerprints fps, List<FakeStage> stages) {
    return new StageRunner<>(lake, fps, new StageTimer(StageTimer.SILENT), TWO_THREADS).run(stages, null);
  }

  @Test
  void aFirstRunWritesEveryTableWithItsFingerprintAndTheMarkerLast() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    FakeStage latest = latest();
    FakeStage idi = idi();
    Fingerprints fps = new Fingerprints();
    assertEquals(List.of("reference", "latest", "idi"), run(lake, fps, List.of(reference(), latest, idi)));
    for (Table t : List.of(Table.COUNTRY, Table.INDICATOR, Table.OBSERVATION_LATEST, Table.IDI_RANK,
        Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE)) {
      assertEquals("fp-1", lake.fingerprints.get(t), t.qualifiedName());
    }
    // gold.idi_score is the idi stage's last table: written after the stage's other tables
    int marker = lake.written.indexOf(Table.IDI_SCORE);
    assertTrue(marker > lake.written.indexOf(Table.IDI_RANK) && marker > lake.written.indexOf(Table.IDI_INDICATOR_SCORE),
        "write order " + lake.written);
    // the idi stage read silver.observation_latest as the latest stage wrote it
    assertEquals("latest(input;)", idi.seen.get(Table.OBSERVATION_LATEST));
    assertEquals("idi(latest(input;);)", lake.rows.get(Table.IDI_SCORE));
    assertEquals(1, idi.released.get());
  }

  @Test
  void aRerunWithTheSameFingerprintsRunsNoTransformAndWritesNothing() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    run(lake, fps, List.of(reference(), latest(), idi()));
    lake.written.clear();
    FakeStage reference = reference();
    FakeStage latest = latest();
    FakeStage idi = idi();
    assertEquals(List.of(), run(lake, fps, List.of(reference, latest, idi)));
    assertEquals(List.of(), lake.written);
    assertEquals(0, reference.transforms.get() + latest.transforms.get() + idi.transforms.get());
  }

  @Test
  void aNewFingerprintOfOneStageRunsOnlyThatStageAndWritesOnlyItsStaleTables() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    run(lake, fps, List.of(reference(), latest(), idi()));
    lake.written.clear();
    // the idi stage's logic version changed: its tables' fingerprint changes, not latest's, and so do its rows
    for (Table t : List.of(Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE)) {
      fps.version.put(t, 2);
    }
    FakeStage latest = latest();
    FakeStage idi2 = idi();
    idi2.writes.forEach(t -> idi2.instead.put(t, "idi v2 " + t));
    assertEquals(List.of("idi"), run(lake, fps, List.of(reference(), latest, idi2)));
    assertEquals(0, latest.transforms.get());
    assertEquals(Set.of(Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE), Set.copyOf(lake.written));
    assertEquals(Table.IDI_SCORE, lake.written.get(lake.written.size() - 1));
    // one reference table's source changed: the stage runs, and only that table is rewritten
    lake.written.clear();
    fps.version.put(Table.INDICATOR, 2);
    assertEquals(List.of("reference"), run(lake, fps, List.of(reference(), latest(), idi())));
    assertEquals(List.of(Table.INDICATOR), lake.written);
  }

  @Test
  void aStageWhoseMarkerIsCurrentButAnotherTableIsNotRunsAgain() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    run(lake, fps, List.of(latest(), idi()));
    // another writer replaced gold.idi_rank: neither its fingerprint nor its rows are what the marker says
    lake.fingerprints.put(Table.IDI_RANK, "something older");
    lake.digests.put(Table.IDI_RANK, MemoryLake.digest("rows from elsewhere"));
    lake.written.clear();
    assertEquals(List.of("idi"), run(lake, fps, List.of(latest(), idi())));
    assertEquals(List.of(Table.IDI_RANK), lake.written);
  }

  @Test
  void aTableWhoseNewRowsAreTheRowsItHoldsIsNotRewrittenAndTheMarkerVouchesForIt() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    run(lake, fps, List.of(latest(), idi()));
    String rank = lake.rows.get(Table.IDI_RANK);
    // new inputs that change none of the idi stage's rows: its two other tables are left as they were
    lake.written.clear();
    for (Table t : List.of(Table.OBSERVATION_LATEST, Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE)) {
      fps.version.put(t, 2);
    }
    assertEquals(List.of("latest", "idi"), run(lake, fps, List.of(latest(), idi())));
    assertEquals(List.of(Table.OBSERVATION_LATEST, Table.IDI_SCORE), lake.written);
    assertEquals("fp-1", lake.fingerprints.get(Table.IDI_RANK));
    assertEquals(Map.of("gold.idi_rank", MemoryLake.digest(rank), "gold.idi_indicator_score", MemoryLake.digest(rank)),
        lake.sets.get(Table.IDI_SCORE));
    // the marker's word makes the stage current: a rerun runs nothing
    lake.written.clear();
    FakeStage idi = idi();
    assertEquals(List.of(), run(lake, fps, List.of(latest(), idi)));
    assertEquals(0, idi.transforms.get());
    assertEquals(List.of(), lake.written);
    // the next inputs change gold.idi_rank's rows only: it is rewritten, gold.idi_indicator_score is not
    for (Table t : List.of(Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE)) {
      fps.version.put(t, 3);
    }
    FakeStage changed = idi();
    changed.instead.put(Table.IDI_RANK, "new ranks");
    assertEquals(List.of("idi"), run(lake, fps, List.of(latest(), changed)));
    assertEquals(List.of(Table.IDI_RANK, Table.IDI_SCORE), lake.written);
    assertEquals("new ranks", lake.rows.get(Table.IDI_RANK));
    assertEquals("fp-1", lake.fingerprints.get(Table.IDI_INDICATOR_SCORE));
    assertTrue(StageRunner.current(idi().writes(), false, fps, lake::lastCommit));
  }

  @Test
  void aStageWhoseInputsAreWhatItsMarkerRecordsIsNotComputedAndItsMarkerTakesTheNewFingerprint() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    FakeStage first = idi();
    first.digestsInputs = true;
    run(lake, fps, List.of(latest(), first));
    assertEquals("inputs latest(input;);", lake.inputs.get(Table.IDI_SCORE));
    // new inputs upstream; silver.observation_latest is rewritten with the same rows, so the idi stage reads the same
    lake.written.clear();
    for (Table t : List.of(Table.OBSERVATION_LATEST, Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE)) {
      fps.version.put(t, 2);
    }
    FakeStage idi = idi();
    idi.digestsInputs = true;
    assertEquals(List.of("latest", "idi"), run(lake, fps, List.of(latest(), idi)));
    assertEquals(0, idi.transforms.get());
    assertEquals(List.of(Table.OBSERVATION_LATEST), lake.written);
    assertEquals(List.of(Table.IDI_SCORE), lake.recorded);
    assertEquals("fp-2", lake.fingerprints.get(Table.IDI_SCORE));
    assertEquals("fp-1", lake.fingerprints.get(Table.IDI_RANK));
    // which makes the set current: a rerun runs nothing
    FakeStage again = idi();
    again.digestsInputs = true;
    assertEquals(List.of(), run(lake, fps, List.of(latest(), again)));
    // another writer replaced gold.idi_rank: the same inputs no longer vouch for the set, it is computed
    lake.digests.put(Table.IDI_RANK, MemoryLake.digest("rows from elsewhere"));
    lake.fingerprints.put(Table.IDI_RANK, "something older");
    for (Table t : List.of(Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE)) {
      fps.version.put(t, 3);
    }
    lake.written.clear();
    FakeStage repaired = idi();
    repaired.digestsInputs = true;
    assertEquals(List.of("idi"), run(lake, fps, List.of(latest(), repaired)));
    assertEquals(1, repaired.transforms.get());
    assertEquals(List.of(Table.IDI_RANK, Table.IDI_SCORE), lake.written);
  }

  @Test
  void aForcedRunRewritesTablesWhoseRowsDidNotChange() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    run(lake, fps, List.of(latest(), idi()));
    lake.written.clear();
    idi().writes.forEach(t -> fps.version.put(t, 2));
    StageRunner.Options forced = new StageRunner.Options(2, ExecutionProfile.AUTO, ExecutionProfile.SMALL, 0, true);
    assertEquals(List.of("idi"), new StageRunner<>(lake, fps, new StageTimer(StageTimer.SILENT), forced)
        .run(List.of(latest(), idi()), null));
    assertEquals(Set.of(Table.IDI_RANK, Table.IDI_INDICATOR_SCORE, Table.IDI_SCORE), Set.copyOf(lake.written));
  }

  @Test
  void independentTablesAreRewrittenForANewFingerprintEvenWithTheSameRows() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    Fingerprints fps = new Fingerprints();
    run(lake, fps, List.of(reference()));
    lake.written.clear();
    fps.version.put(Table.COUNTRY, 2);
    fps.version.put(Table.INDICATOR, 2);
    assertEquals(List.of("reference"), run(lake, fps, List.of(reference())));
    assertEquals(Set.of(Table.COUNTRY, Table.INDICATOR), Set.copyOf(lake.written));
  }

  @Test
  void aStageWithoutItsRequiredInputIsNotRun() {
    MemoryLake lake = new MemoryLake();
    FakeStage latest = latest();
    FakeStage idi = idi();
    assertEquals(List.of("reference"), run(lake, new Fingerprints(), List.of(reference(), latest, idi)));
    assertEquals(0, latest.transforms.get() + idi.transforms.get());
    assertFalse(lake.exists(Table.OBSERVATION_LATEST));
  }

  @Test
  void theMarkerIsNotWrittenWhenAnotherTableOfItsStageFailed() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    lake.failing = Table.IDI_RANK;
    FakeStage idi = idi();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> run(lake, new Fingerprints(), List.of(latest(), idi)));
    assertEquals("write of " + Table.IDI_RANK + " failed", e.getMessage());
    assertFalse(lake.exists(Table.IDI_SCORE));
    assertEquals(1, idi.released.get());
  }

  @Test
  void aLaterStageReadsTheRowsAnEarlierOneComputedWhileTheyAreWrittenAndItsMarkerComesAfterTheirs() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    // gold.idi_rank's write is held until the peer stage has read its inputs: had the runner waited for
    // the idi stage's writes before starting the peer stage, neither could go on
    lake.held = Table.IDI_RANK;
    lake.release = new CountDownLatch(1);
    FakeStage peer = new FakeStage("peer", List.of(Table.IDI_RANK, Table.IDI_SCORE),
        List.of(Table.PEER_POSITION, Table.PEER_BENCHMARK), false);
    peer.afterReads = lake.release::countDown;
    assertEquals(List.of("latest", "idi", "peer"), run(lake, new Fingerprints(), List.of(latest(), idi(), peer)));
    assertEquals("idi(latest(input;);)", peer.seen.get(Table.IDI_RANK));
    assertEquals("idi(latest(input;);)", peer.seen.get(Table.IDI_SCORE));
    // each marker after its own stage's tables, and the peer stage's after the idi stage's tables it read
    List<Table> w = lake.written;
    assertTrue(w.indexOf(Table.IDI_SCORE) > w.indexOf(Table.IDI_RANK), "write order " + w);
    assertTrue(w.indexOf(Table.PEER_BENCHMARK) > w.indexOf(Table.IDI_SCORE), "write order " + w);
    assertTrue(w.indexOf(Table.PEER_BENCHMARK) > w.indexOf(Table.PEER_POSITION), "write order " + w);
  }

  @Test
  void aStageWhosePrepareReadsNothingTheStageBeforeWritesIsPreparedWhileThatStageComputes() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION, Table.ECONOMY_CLASSIFICATION);
    // the idi stage's transform waits until the peer stage has prepared: had the runner prepared the
    // peer stage only after the idi stage's transform, the transform would fail waiting
    CountDownLatch peerPrepared = new CountDownLatch(1);
    FakeStage idi = idi();
    idi.afterReads = () -> {
      try {
        if (!peerPrepared.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the peer stage was not prepared while the idi stage computed");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    };
    FakeStage peer = new FakeStage("peer", List.of(Table.OBSERVATION_LATEST, Table.ECONOMY_CLASSIFICATION,
        Table.IDI_SCORE), List.of(Table.PEER_POSITION, Table.PEER_BENCHMARK), false);
    peer.preparesFrom = List.of(Table.OBSERVATION_LATEST, Table.ECONOMY_CLASSIFICATION);
    peer.afterPrepare = peerPrepared::countDown;
    assertEquals(List.of("latest", "idi", "peer"), run(lake, new Fingerprints(), List.of(latest(), idi, peer)));
    // prepared once, from what the latest stage wrote; the transform read the idi stage's scores
    assertEquals("latest(input;)", peer.prepared.get(Table.OBSERVATION_LATEST));
    assertEquals("input", peer.prepared.get(Table.ECONOMY_CLASSIFICATION));
    assertEquals("idi(latest(input;);)", peer.seen.get(Table.IDI_SCORE));
    assertEquals(1, peer.transforms.get());
    assertEquals("peer(latest(input;);input;idi(latest(input;););)", lake.rows.get(Table.PEER_BENCHMARK));
  }

  @Test
  void aStageWhosePrepareReadsWhatTheStageBeforeWritesIsPreparedAfterThatStageComputed() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    FakeStage idi = idi();
    AtomicInteger idiDone = new AtomicInteger();
    idi.afterReads = idiDone::incrementAndGet;
    FakeStage peer = new FakeStage("peer", List.of(Table.IDI_SCORE), List.of(Table.PEER_POSITION, Table.PEER_BENCHMARK),
        false);
    peer.preparesFrom = List.of(Table.IDI_SCORE);
    AtomicInteger idiDoneWhenPrepared = new AtomicInteger(-1);
    peer.afterPrepare = () -> idiDoneWhenPrepared.set(idiDone.get());
    run(lake, new Fingerprints(), List.of(latest(), idi, peer));
    assertEquals(1, idiDoneWhenPrepared.get());
    assertEquals("idi(latest(input;);)", peer.prepared.get(Table.IDI_SCORE));
  }

  @Test
  void aFailureOfAStagePreparedAheadIsTheRunsFailureWhenThatStageRuns() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION, Table.ECONOMY_CLASSIFICATION);
    FakeStage peer = new FakeStage("peer", List.of(Table.ECONOMY_CLASSIFICATION, Table.IDI_SCORE),
        List.of(Table.PEER_POSITION, Table.PEER_BENCHMARK), false);
    peer.preparesFrom = List.of(Table.ECONOMY_CLASSIFICATION);
    peer.afterPrepare = () -> {
      throw new IllegalStateException("silver.economy_classification is unreadable");
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> run(lake, new Fingerprints(), List.of(latest(), idi(), peer)));
    assertEquals("silver.economy_classification is unreadable", e.getMessage());
    // the stage before it wrote its tables; the failed stage wrote none
    assertEquals("fp-1", lake.fingerprints.get(Table.IDI_SCORE));
    assertFalse(lake.rows.containsKey(Table.PEER_BENCHMARK));
  }

  @Test
  void rowsThatAreNotHandedOffAreReadFromTheLakeOnceWritten() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    lake.handsOff = false;
    FakeStage idi = idi();
    // the idi stage reads silver.observation_latest only after its write: the row count of written tables says so
    AtomicInteger writtenBefore = new AtomicInteger(-1);
    idi.afterReads = () -> writtenBefore.set(lake.written.size());
    run(lake, new Fingerprints(), List.of(latest(), idi));
    assertEquals(1, writtenBefore.get());
    assertEquals("latest(input;)", idi.seen.get(Table.OBSERVATION_LATEST));
  }

  @Test
  void aStageEndsItsTimeWhenItsMarkerHasCommitted() throws InterruptedException {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    // the marker's write waits until 300 ms after the stage's transform read its inputs
    lake.held = Table.IDI_SCORE;
    lake.release = new CountDownLatch(1);
    Thread releaser = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      lake.release.countDown();
    });
    FakeStage idiStage = idi();
    idiStage.afterReads = releaser::start;
    StageTimer timer = new StageTimer(StageTimer.SILENT);
    new StageRunner<>(lake, new Fingerprints(), timer, TWO_THREADS).run(List.of(latest(), idiStage), null);
    releaser.join();
    List<String> names = timer.stages().stream().map(StageTimer.Stage::name).toList();
    assertEquals(Set.of("latest tables", "idi tables"), Set.copyOf(names));
    StageTimer.Stage idi = timer.stages().get(names.indexOf("idi tables"));
    StageTimer.Stage latest = timer.stages().get(names.indexOf("latest tables"));
    assertTrue(idi.seconds() >= 0.3, "idi tables took " + idi.seconds() + " s");
    assertTrue(idi.startedSeconds() >= latest.startedSeconds(), timer.stages().toString());
  }

  @Test
  void independentTablesOfAStageAreWrittenConcurrently() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    // each of the two reference writes waits until the other one started
    lake.concurrent = new CountDownLatch(2);
    run(lake, new Fingerprints(), List.of(reference()));
    assertEquals(Set.of(Table.COUNTRY, Table.INDICATOR), Set.copyOf(lake.written));
  }

  @Test
  void aBrokenIdentityFailsTheRunAfterTheTablesAreWritten() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    StageRunner<String> runner = new StageRunner<>(lake, new Fingerprints(), new StageTimer(StageTimer.SILENT),
        TWO_THREADS);
    IctbenchException e = assertThrows(IctbenchException.class,
        () -> runner.run(List.of(latest(), idi()), () -> List.of("raw/a.csv: 3 slots in bronze, 2 rows in silver")));
    assertEquals(IctbenchException.Code.IDENTITY_BROKEN, e.code());
    assertTrue(e.getMessage().contains("raw/a.csv: 3 slots in bronze, 2 rows in silver"), e.getMessage());
    assertTrue(lake.exists(Table.IDI_SCORE));
  }

  @Test
  void stagesInTheWrongOrderOrWritingTheSameTableAreRejected() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
        () -> run(lake, new Fingerprints(), List.of(idi(), latest())));
    assertEquals("Stage idi reads silver.observation_latest, which stage latest writes after it (or it writes itself)",
        order.getMessage());
    FakeStage other = new FakeStage("other", List.of(), List.of(Table.IDI_SCORE), false);
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> run(lake, new Fingerprints(), List.of(latest(), idi(), other)));
    assertEquals("gold.idi_score is written by two stages: idi and other", twice.getMessage());
    assertTrue(lake.written.isEmpty());
  }

  @Test
  void aTableTheStageDoesNotDeclareIsRejected() {
    MemoryLake lake = new MemoryLake(Table.OBSERVATION);
    FakeStage latest = latest();
    latest.returns = List.of(Table.OBSERVATION_LATEST, Table.IDI_SCORE);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> run(lake, new Fingerprints(), List.of(latest)));
    assertEquals("Stage latest returned gold.idi_score, which it does not declare among its tables"
        + " silver.observation_latest", e.getMessage());
    assertTrue(lake.written.isEmpty());
  }
}
