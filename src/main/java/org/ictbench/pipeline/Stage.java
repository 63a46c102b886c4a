package org.ictbench.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.ictbench.core.Table;

/**
 * One derived stage of the pipeline: the tables it reads, the tables it writes (each with the schema
 * the table contract declares for it), the version of its logic, and a pure transform from its inputs
 * to the rows of its tables. A stage does no I/O of its own: {@link StageRunner} decides whether it
 * runs, gives it its inputs and writes what it returns.
 *
 * @param <D> the rows of one table (a Spark {@code Dataset<Row>} in the pipeline)
 */
interface Stage<D> {
  /** A short name for the run's log and timings. */
  String name();

  /** Every table the transform reads; a stage runs after the stages of the same run that write them. */
  List<Table> reads();

  /** The tables without which there is nothing to derive: the stage is not run while one is missing. */
  default List<Table> requires() {
    return reads();
  }

  /**
   * The tables the stage writes, in write order. Unless {@link #independentWrites()}, the last one marks
   * the stage as complete: it is written only after all the others committed, so its input fingerprint
   * says that the whole set reflects those inputs.
   */
  List<Table> writes();

  /** True when each table stands alone (its own fingerprint, no completion marker). */
  default boolean independentWrites() {
    return false;
  }

  /**
   * The version of the stage's logic, part of its tables' input fingerprint ({@link TableFingerprints}):
   * bump it with any change that can change a table for the same inputs.
   */
  int logicVersion();

  /**
   * The rows of the tables to write, by table: a subset of {@link #writes()} (a table whose input is
   * missing is left out, and is then created empty at the end of the run).
   */
  Map<Table, D> transform(Inputs<D> in);

  /**
   * Reads what the transform needs and says, by a digest of it, whether it is what the stage's tables
   * were last computed from: a stage with a marker whose inputs' digest equals the one its marker's
   * commit records need not compute its tables again. By default nothing is read ahead and there is
   * no digest.
   */
  default Prepared<D> prepare(Inputs<D> in) {
    return new Prepared<>(Optional.empty(), () -> transform(in));
  }

  /**
   * A stage's inputs, read: their digest ({@code inputs}, covering the stage's logic and settings too;
   * empty when the stage does not digest them) and the transform of them.
   */
  record Prepared<D>(Optional<String> inputs, Supplier<Map<Table, D>> tables) {}

  /**
   * The tables {@link #prepare} reads (by default every table the stage reads). A stage whose prepare
   * reads nothing the stage before it writes is prepared while that stage computes its tables.
   */
  default List<Table> preparesFrom() {
    return reads();
  }

  /** Called once the transform's tables are written (or failed): releases what the transform cached. */
  default void written() {}

  /** The tables a stage reads, as the runner gives them. */
  interface Inputs<D> {
    D read(Table table);

    boolean exists(Table table);
  }
}
