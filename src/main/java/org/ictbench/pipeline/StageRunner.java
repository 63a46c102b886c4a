package org.ictbench.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ictbench.core.Errors;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.core.StageTimer;
import org.ictbench.core.Table;
import org.ictbench.core.WriteGroup;

/**
 * Runs the derived stages of a run, the same way for every {@link Stage}: a stage whose tables all
 * carry the input fingerprint this run gives them (inputs and logic version unchanged) is skipped;
 * otherwise its transform runs and each table it returns is written in one Delta commit, the
 * independent ones concurrently and the stage's completion marker (its last table) only after the
 * others committed. A stage waits for the stages of the run that write what it reads. The lake
 * identity check runs alongside (it reads bronze and silver, which no stage writes), and a broken
 * identity fails the run once the writes are done.
 *
 * @param <D> the rows of one table
 */
final class StageRunner<D> {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StageRunner.class);

  /** What the runner needs of the lake. */
  interface Lake<D> {
    boolean exists(Table table);

    /** The input fingerprint of the table's newest commit, or null when there is none. */
    String lastFingerprint(Table table);

    /** Overwrites {@code table} with {@code rows} in one commit carrying {@code fingerprint}, unless it carries it already. */
    void overwrite(D rows, Table table, String fingerprint);

    /** Where {@code stage} reads its inputs, with the execution settings the runner's options give it. */
    Stage.Inputs<D> inputs(Stage<D> stage);
  }

  /**
   * The tuning of a run, kept out of the stages: how many tables are written at once, the execution
   * profile asked for ({@code execution}, possibly AUTO) and the one the run resolved from its raw
   * input ({@code run}). A stage sized by economies rather than by the raw input (one that reads
   * silver.observation_latest) gets the profile {@code execution} resolves from that table's size;
   * {@code shufflePartitions} > 0 wins over either profile.
   */
  record Options(int writeThreads, ExecutionProfile execution, ExecutionProfile run, int shufflePartitions) {
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
    try {
      try (WriteGroup check = new WriteGroup(1); WriteGroup group = new WriteGroup(options.writeThreads())) {
        if (identity != null) {
          check.submit(() -> broken.set(identity.get()));
        }
        Writes writes = new Writes(group, toRelease);
        for (Stage<D> stage : stages) {
          if (!Collections.disjoint(stage.reads(), writes.pending)) {
            writes.awaitAll();
          }
          List<Table> missing = stage.requires().stream().filter(t -> !lake.exists(t)).toList();
          if (!missing.isEmpty()) {
            LOG.info("stage {}: not run, no {}", stage.name(), names(missing));
          } else if (current(stage)) {
            LOG.info("stage {}: inputs and logic unchanged", stage.name());
          } else {
            timer.time(stage.name() + " tables", () -> runStage(stage, writes));
            ran.add(stage.name());
          }
        }
        writes.awaitAll();
        check.awaitAll();
      }
    } finally {
      // after the write threads stopped: nothing reads what a stage cached any more
      toRelease.forEach(Stage::written);
    }
    if (!broken.get().isEmpty()) {
      throw Errors.identityBroken(broken.get());
    }
    return ran;
  }

  /** True when every table of the stage carries the fingerprint this run gives it. */
  boolean current(Stage<D> stage) {
    for (Table t : stage.writes()) {
      if (!fingerprint.apply(t).equals(lake.lastFingerprint(t))) {
        return false;
      }
    }
    return true;
  }

  private void runStage(Stage<D> stage, Writes writes) {
    writes.toRelease.add(stage);
    Map<Table, D> out = stage.transform(lake.inputs(stage));
    Set<Table> undeclared = EnumSet.noneOf(Table.class);
    undeclared.addAll(out.keySet());
    undeclared.removeAll(stage.writes());
    if (!undeclared.isEmpty()) {
      throw new IllegalStateException("Stage " + stage.name() + " returned " + names(undeclared)
          + ", which it does not declare among its tables " + names(stage.writes()));
    }
    List<Table> order = stage.writes().stream().filter(out::containsKey).toList();
    Table marker = stage.independentWrites() || order.isEmpty() ? null : order.get(order.size() - 1);
    for (Table t : order) {
      if (t != marker) {
        writes.submit(out.get(t), t);
      }
    }
    if (marker != null) {
      writes.awaitAll();
      lake.overwrite(out.get(marker), marker, fingerprint.apply(marker));
      writes.toRelease.remove(stage);
      stage.written();
    }
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

  /** The writes submitted and not yet awaited, and the stages to release once no write reads them. */
  private final class Writes {
    private final WriteGroup group;
    private final Set<Table> pending = EnumSet.noneOf(Table.class);
    private final List<Stage<D>> toRelease;

    Writes(WriteGroup group, List<Stage<D>> toRelease) {
      this.group = group;
      this.toRelease = toRelease;
    }

    void submit(D rows, Table table) {
      pending.add(table);
      group.submit(() -> lake.overwrite(rows, table, fingerprint.apply(table)));
    }

    void awaitAll() {
      group.awaitAll();
      pending.clear();
    }
  }
}
