package org.ictbench.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ictbench.core.CommitMetadata;
import org.ictbench.core.ConcurrentReads;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.core.WriteGroup;

/**
 * Runs the derived stages of a run, the same way for every {@link Stage}: a stage whose tables are
 * {@link #current} for the input fingerprint this run gives them (inputs and logic version unchanged)
 * is skipped; otherwise its transform runs and each table it returns is written in one Delta commit,
 * the independent ones concurrently and the stage's completion marker (its last table) only after the
 * others committed. A table of a stage with a marker whose new rows are the rows it holds (same
 * digest, {@link CommitMetadata.Derived#rows}) is not rewritten: the marker's commit vouches for it
 * instead, so an input that changes none of a table's rows costs that table no new version. A stage
 * waits for the writes of the stages of the run that write what it reads, except for a table an earlier
 * stage computed on the driver ({@link Lake#handsOff}): the later stage reads those rows as they are
 * while the table is still being written, and its marker is written only after every write submitted
 * before it, so a marker still says that what its stage read has committed. A stage whose prepare reads
 * nothing the stage before it writes ({@link Stage#preparesFrom}) is prepared while that stage computes.
 * The lake identity check
 * runs alongside (it reads bronze and silver, which no stage writes), and a broken identity fails the
 * run once the writes are done.
 *
 * @param <D> the rows of one table
 */
final class StageRunner<D> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StageRunner.class);

  /** What the runner needs of the lake. */
  interface Lake<D> {
    boolean exists(Table table);

    /** What the table's newest commit says of it as a derived table; empty when there is none. */
    Optional<CommitMetadata.Derived> lastCommit(Table table);

    /** The digest {@code rows} would carry as {@code table}'s rows; empty when it is not known. */
    Optional<String> rowsDigest(D rows, Table table);

    /** Overwrites {@code table} with {@code rows} in one commit carrying {@code commit}, unless it carries its fingerprint already. */
    void overwrite(D rows, Table table, CommitMetadata.Derived commit);

    /** Makes {@code commit} the table's newest commit without changing its rows. */
    void recordFingerprint(Table table, CommitMetadata.Derived commit);

    /** Where {@code stage} reads its inputs, with the execution settings the runner's options give it. */
    Stage.Inputs<D> inputs(Stage<D> stage);

    /**
     * Whether a later stage of the run may read {@code rows}, a table an earlier stage returned, as they
     * are instead of from the lake: true for rows computed on the driver, false for a query (reading it
     * would compute it again).
     */
    boolean handsOff(D rows);
  }

  /**
   * The tuning of a run, kept out of the stages: how many tables are written at once, the execution
   * profile asked for ({@code execution}, possibly AUTO) and the one the run resolved from its raw
   * input ({@code run}). A stage sized by economies rather than by the raw input (one that reads
   * silver.observation_latest) gets the profile {@code execution} resolves from that table's size;
   * {@code shufflePartitions} > 0 wins over either profile. {@code rewriteAll} (a forced run): every
   * table of a stage that runs is rewritten, also one whose new rows are the rows it holds.
   */
  record Options(int writeThreads, ExecutionProfile execution, ExecutionProfile run, int shufflePartitions,
      boolean rewriteAll) {
    Options {
      if (writeThreads < 1) {
        throw new IllegalArgumentException("writeThreads must be at least 1, got " + writeThreads);
      }
    }
  }

  private final Lake<D> lake;
  private final Function<Table, String> fingerprint;
  private final StageTimer timer;
  private final Options options;

  /**
   * @param fingerprint the input fingerprint this run gives each table ({@link TableFingerprints#of})
   */
  StageRunner(Lake<D> lake, Function<Table, String> fingerprint, StageTimer timer, Options options) {
    this.lake = lake;
    this.fingerprint = fingerprint;
    this.timer = timer;
    this.options = options;
  }

  /**
   * Runs {@code stages} in order, with {@code identity} (null: none) alongside; returns the names of
   * the stages whose transform ran.
   *
   * @param identity the lake identity check: the files whose slots did not all land, empty when none
   */
  List<String> run(List<? extends Stage<D>> stages, Supplier<List<String>> identity) {
    checkOrder(stages);
    AtomicReference<List<String>> broken = new AtomicReference<>(List.of());
    List<String> ran = new ArrayList<>();
    List<Stage<D>> toRelease = new ArrayList<>();
    List<StageTimer.Span> spans = new ArrayList<>();
    try {
      try (WriteGroup check = new WriteGroup(1); WriteGroup group = new WriteGroup(options.writeThreads());
          ConcurrentReads early = new ConcurrentReads("prepare", 1)) {
        if (identity != null) {
          check.submit(() -> broken.set(identity.get()));
        }
        Writes writes = new Writes(group, toRelease, early);
        for (int k = 0; k < stages.size(); k++) {
          Stage<D> stage = stages.get(k);
          Stage<D> next = k + 1 < stages.size() ? stages.get(k + 1) : null;
          List<Table> fromLake = stage.reads().stream().filter(t -> !writes.handedOff.containsKey(t)).toList();
          if (!Collections.disjoint(fromLake, writes.pending)) {
            writes.awaitAll();
          }
          List<Table> missing = stage.requires().stream()
              .filter(t -> !writes.handedOff.containsKey(t) && !lake.exists(t)).toList();
          if (!missing.isEmpty()) {
            LOG.info("stage {}: not run, no {}", stage.name(), names(missing));
            // a stage prepared ahead was found not current then: its tables' commits are not read again
          } else if (!writes.prepared.containsKey(stage) && current(stage)) {
            LOG.info("stage {}: inputs and logic unchanged", stage.name());
          } else {
            StageTimer.Span span = timer.start(stage.name() + " tables");
            spans.add(span);
            try {
              runStage(stage, next, writes, span);
            } catch (RuntimeException | Error e) {
              span.failed(e);
              throw e;
            }
            ran.add(stage.name());
          }
        }
        writes.awaitAll();
        check.awaitAll();
      }
    } catch (RuntimeException | Error e) {
      // a stage whose marker was never written (an earlier write failed) ends with the run
      spans.forEach(s -> s.failed(e));
      throw e;
    } finally {
      // after the write threads stopped: nothing reads what a stage cached any more
      toRelease.forEach(Stage::written);
    }
    if (!broken.get().isEmpty()) {
      throw Errors.identityBroken(broken.get());
    }
    return ran;
  }

  /** True when the stage's tables are {@link #current} for the fingerprints this run gives them. */
  boolean current(Stage<D> stage) {
    return current(stage.writes(), stage.independentWrites(), fingerprint, lake::lastCommit);
  }

  /**
   * True when {@code tables} (one stage's, in write order) answer to the fingerprints {@code fingerprint}
   * gives them, by what their newest commits say ({@code last}). Independent tables: each carries its
   * fingerprint. A set whose last table marks it complete: the marker carries its fingerprint, and every
   * other table either carries its own too or holds the rows the marker's commit vouches for (it was
   * left as it was because its new rows were the same). The pipeline and the up-to-date check both
   * decide by this.
   */
  static boolean current(List<Table> tables, boolean independent, Function<Table, String> fingerprint,
      Function<Table, Optional<CommitMetadata.Derived>> last) {
    if (tables.isEmpty()) {
      return true;
    }
    Table marker = tables.get(tables.size() - 1);
    Map<String, String> vouched = independent ? Map.of()
        : last.apply(marker).map(CommitMetadata.Derived::set).orElse(Map.of());
    for (Table t : tables) {
      if (!holds(last.apply(t), fingerprint.apply(t), t == marker ? Map.of() : vouched, t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when a table's newest commit {@code c} carries {@code fingerprint} or holds the rows
   * {@code vouched} (a marker's list) gives for it.
   */
  private static boolean holds(Optional<CommitMetadata.Derived> c, String fingerprint, Map<String, String> vouched,
      Table t) {
    return c.map(d -> d.fingerprint().equals(fingerprint)
        || (d.rows() != null && d.rows().equals(vouched.get(t.qualifiedName())))).orElse(false);
  }

  /**
   * Runs one stage; {@code span} (its time) ends when its marker has committed, or when this returns
   * if it has none.
   */
  private void runStage(Stage<D> stage, Stage<D> next, Writes writes, StageTimer.Span span) {
    writes.toRelease.add(stage);
    Future<Stage.Prepared<D>> early = writes.prepared.remove(stage);
    Stage.Prepared<D> prepared = early != null ? ConcurrentReads.get(early) : stage.prepare(writes.inputs(stage));
    Optional<CommitMetadata.Derived> same = sameInputs(stage, prepared);
    if (same.isPresent()) {
      Table marker = stage.writes().get(stage.writes().size() - 1);
      CommitMetadata.Derived m = same.get();
      LOG.info("stage {}: inputs unchanged (digest {}), tables kept", stage.name(), m.inputs());
      lake.recordFingerprint(marker, new CommitMetadata.Derived(fingerprint.apply(marker), m.rows(), m.set(),
          m.inputs()));
      span.end(null);
      return;
    }
    if (next != null && mayPrepareDuring(next, stage, writes)) {
      writes.prepared.put(next, writes.early.submit(() -> next.prepare(writes.inputs(next))));
    }
    Map<Table, D> out = prepared.tables().get();
    Set<Table> undeclared = EnumSet.noneOf(Table.class);
    undeclared.addAll(out.keySet());
    undeclared.removeAll(stage.writes());
    if (!undeclared.isEmpty()) {
      throw new IllegalStateException("Stage " + stage.name() + " returned " + names(undeclared)
          + ", which it does not declare among its tables " + names(stage.writes()));
    }
    List<Table> order = stage.writes().stream().filter(out::containsKey).toList();
    order.stream().filter(t -> lake.handsOff(out.get(t))).forEach(t -> writes.handedOff.put(t, out.get(t)));
    Table marker = stage.independentWrites() || order.isEmpty() ? null : order.get(order.size() - 1);
    // the digest each table of a marked set holds once its writes are done, for the marker to vouch for
    Map<String, String> set = new ConcurrentHashMap<>();
    for (Table t : order) {
      if (t != marker) {
        Optional<String> digest = marker == null ? Optional.empty() : lake.rowsDigest(out.get(t), t);
        digest.ifPresent(d -> set.put(t.qualifiedName(), d));
        if (!options.rewriteAll() && digest.isPresent()
            && digest.equals(lake.lastCommit(t).map(CommitMetadata.Derived::rows))) {
          LOG.info("{}: rows unchanged, not rewritten", t.qualifiedName());
        } else {
          writes.submit(out.get(t), t, new CommitMetadata.Derived(fingerprint.apply(t), digest.orElse(null), Map.of(),
              null));
        }
      }
    }
    if (marker == null) {
      span.end(null);
      return;
    }
    D rows = out.get(marker);
    writes.submitMarker(rows, marker, new CommitMetadata.Derived(fingerprint.apply(marker),
        lake.rowsDigest(rows, marker).orElse(null), set, prepared.inputs().orElse(null)), span);
  }

  /**
   * True when {@code next} runs in this run and its prepare can read now, while {@code running} computes:
   * it reads nothing {@code running} writes or a write of the run has still to commit (unless an
   * earlier stage handed it off), and what it requires is there or is {@code running}'s to write.
   */
  private boolean mayPrepareDuring(Stage<D> next, Stage<D> running, Writes writes) {
    for (Table t : next.preparesFrom()) {
      if (running.writes().contains(t) || writes.pending.contains(t) && !writes.handedOff.containsKey(t)) {
        return false;
      }
    }
    for (Table t : next.requires()) {
      if (!(running.writes().contains(t) || writes.handedOff.containsKey(t) || lake.exists(t))) {
        return false;
      }
    }
    return !current(next);
  }

  /**
   * The marker's newest commit when the stage's tables were computed from the inputs it just read:
   * the stage digests them, that commit records the same digest, and every other table still holds
   * what the marker says (the fingerprint the marker was written with, or the rows it vouches for);
   * empty otherwise.
   */
  private Optional<CommitMetadata.Derived> sameInputs(Stage<D> stage, Stage.Prepared<D> prepared) {
    if (stage.independentWrites() || options.rewriteAll() || prepared.inputs().isEmpty()) {
      return Optional.empty();
    }
    List<Table> tables = stage.writes();
    Table marker = tables.get(tables.size() - 1);
    Optional<CommitMetadata.Derived> m = lake.lastCommit(marker);
    if (m.isEmpty() || !prepared.inputs().get().equals(m.get().inputs())) {
      return Optional.empty();
    }
    for (Table t : tables.subList(0, tables.size() - 1)) {
      if (!holds(lake.lastCommit(t), m.get().fingerprint(), m.get().set(), t)) {
        return Optional.empty();
      }
    }
    return m;
  }

  /** A stage may only read what is written before it: the runner runs the stages in the order given. */
  private static <D> void checkOrder(List<? extends Stage<D>> stages) {
    Map<Table, String> writer = new EnumMap<>(Table.class);
    for (Stage<D> s : stages) {
      for (Table t : s.writes()) {
        String other = writer.put(t, s.name());
        if (other != null) {
          throw new IllegalArgumentException(t.qualifiedName() + " is written by two stages: " + other + " and "
              + s.name());
        }
      }
    }
    Set<Table> before = EnumSet.noneOf(Table.class);
    for (Stage<D> s : stages) {
      for (Table t : s.reads()) {
        if (writer.containsKey(t) && !before.contains(t)) {
          throw new IllegalArgumentException("Stage " + s.name() + " reads " + t.qualifiedName()
              + ", which stage " + writer.get(t) + " writes after it (or it writes itself)");
        }
      }
      before.addAll(s.writes());
    }
  }

  private static String names(java.util.Collection<Table> tables) {
    return String.join(", ", tables.stream().map(Table::qualifiedName).toList());
  }

  /**
   * The writes submitted and not yet awaited, the tables handed from one stage to the next, the stages
   * prepared ahead, and the stages to release once no write reads them.
   */
  private final class Writes {
    private final WriteGroup group;
    private final Set<Table> pending = EnumSet.noneOf(Table.class);
    /** The tables earlier stages of the run computed on the driver, as the later stages read them. */
    private final Map<Table, D> handedOff = Collections.synchronizedMap(new EnumMap<>(Table.class));
    private final List<Stage<D>> toRelease;
    /** Reads a stage's prepare while the stage before it computes. */
    private final ConcurrentReads early;
    /** The stages prepared that way, by stage. */
    private final Map<Stage<D>, Future<Stage.Prepared<D>>> prepared = new HashMap<>();

    Writes(WriteGroup group, List<Stage<D>> toRelease, ConcurrentReads early) {
      this.group = group;
      this.toRelease = toRelease;
      this.early = early;
    }

    void submit(D rows, Table table, CommitMetadata.Derived commit) {
      pending.add(table);
      group.submit(() -> lake.overwrite(rows, table, commit));
    }

    /** Writes a stage's marker once every write submitted before it committed, then ends the stage's span. */
    void submitMarker(D rows, Table table, CommitMetadata.Derived commit, StageTimer.Span span) {
      pending.add(table);
      group.submitAfterPending(() -> {
        try {
          lake.overwrite(rows, table, commit);
        } catch (RuntimeException | Error e) {
          span.failed(e);
          throw e;
        }
        span.end(null);
      });
    }

    /** The stage's inputs: a table an earlier stage handed off as those rows, any other from the lake. */
    Stage.Inputs<D> inputs(Stage<D> stage) {
      Stage.Inputs<D> fromLake = lake.inputs(stage);
      return new Stage.Inputs<>() {
        @Override
        public D read(Table table) {
          D rows = handedOff.get(table);
          return rows != null ? rows : fromLake.read(table);
        }

        @Override
        public boolean exists(Table table) {
          return handedOff.containsKey(table) || fromLake.exists(table);
        }
      };
    }

    void awaitAll() {
      group.awaitAll();
      pending.clear();
    }
  }
}
