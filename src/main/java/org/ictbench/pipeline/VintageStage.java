package org.ictbench.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.DeltaWrites;
import org.ictbench.core.Errors;
import org.ictbench.core.LakeLog;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;
import org.ictbench.curate.VintageGate;
import org.ictbench.curate.VintageGate.Key;
import org.ictbench.curate.VintageGate.Verdict;

/**
 * The I/O edge of the vintage gate ({@link VintageGate}): compares the vintages a run ingests with
 * the lake's, keeps silver.vintage_review (one row per vintage that had a previous one to be compared
 * with: what moved, and whether it passed, is held or was accepted), and accepts held vintages
 * ({@code --accept-vintage}). Acceptance is three commits, each repairable: the review row says
 * accepted, then silver.observation's rows are released ({@code held = false}), then the review row
 * says released; a run that finds an accepted row not released releases it.
 */
final class VintageStage {
  static final String HELD = "held";
  static final String PASSED = "passed";
  static final String ACCEPTED = "accepted";

  static final StructType REVIEW = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("indicator", DataTypes.StringType, false)
      .add("vintage", DataTypes.DateType, false)
      .add("vintage_label", DataTypes.StringType)
      .add("file_sha256", DataTypes.StringType)
      .add("file_uri", DataTypes.StringType)
      .add("previous_vintage", DataTypes.DateType)
      .add("status", DataTypes.StringType, false)
      .add("reasons", DataTypes.StringType)
      .add("economies_before", DataTypes.LongType)
      .add("economies_after", DataTypes.LongType)
      .add("economies_dropped", DataTypes.LongType)
      .add("dropped_share", DataTypes.DoubleType)
      .add("dropped_economies", DataTypes.StringType)
      .add("values_compared", DataTypes.LongType)
      .add("values_revised", DataTypes.LongType)
      .add("revised_share", DataTypes.DoubleType)
      .add("revision_tolerance", DataTypes.DoubleType)
      .add("scale_ratio", DataTypes.DoubleType)
      .add("run_id", DataTypes.StringType)
      .add("reviewed_at", DataTypes.TimestampType)
      .add("accepted_run_id", DataTypes.StringType)
      .add("accepted_at", DataTypes.TimestampType)
      .add("released", DataTypes.BooleanType);

  private final SparkSession spark;
  private final Lakehouse lake;
  private final DeltaWrites writes;
  private final VintageGate gate;

  VintageStage(SparkSession spark, Lakehouse lake, DeltaWrites writes, VintageGate gate) {
    this.spark = spark;
    this.lake = lake;
    this.writes = writes;
    this.gate = gate;
  }

  /** A run's gate results: every verdict and the review table to write. */
  record Assessment(List<Verdict> verdicts, Dataset<Row> review) {
    List<Verdict> held() {
      return verdicts.stream().filter(Verdict::held).toList();
    }
  }

  /**
   * Gates the vintages of a run's routed slots (files {@code shas}, described by {@code files}) against
   * the lake's other, not held observations; returns the verdicts and the review table with this
   * run's rows replacing any earlier ones for the same vintages.
   */
  Assessment assess(Dataset<Row> routed, Set<String> shas, Collection<Row> files, String runId, Timestamp now) {
    Dataset<Row> fresh = VintageGate.values(routed).persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> existing;
      if (lake.exists(Table.OBSERVATION)) {
        Dataset<Row> obs = lake.read(Table.OBSERVATION);
        existing = VintageGate.accepted(obs).filter(col("file_sha256").isin(shas.toArray()).unary_$bang())
            .select("source", "indicator", "vintage", "iso3", "year", "value", "file_sha256");
      } else {
        existing = fresh.limit(0);
      }
      List<Row> reviewed = reviewRows();
      Set<Key> accepted = new HashSet<>();
      for (Row r : reviewed) {
        if (ACCEPTED.equals(r.getAs("status"))) {
          accepted.add(key(r));
        }
      }
      List<Verdict> verdicts = gate.assess(spark, fresh, existing, accepted);
      if (verdicts.isEmpty()) {
        return new Assessment(verdicts, null);
      }
      Map<Key, Set<String>> filesOf = new HashMap<>();
      fresh.select("source", "indicator", "vintage", "file_sha256").distinct().collectAsList()
          .forEach(r -> filesOf.computeIfAbsent(new Key(r.getString(0), r.getString(1), r.getDate(2)),
              k -> new TreeSet<>()).add(r.getString(3)));
      Map<String, Row> fileBySha = new HashMap<>();
      files.forEach(f -> fileBySha.put(f.getAs("file_sha256"), f));
      Map<Key, Row> table = new TreeMap<>();
      reviewed.forEach(r -> table.put(key(r), r));
      for (Verdict v : verdicts) {
        Row before = table.get(v.key());
        boolean wasAccepted = before != null && ACCEPTED.equals(before.getAs("status"));
        table.put(v.key(), row(v, filesOf.getOrDefault(v.key(), Set.of()), fileBySha, runId, now,
            wasAccepted ? before : null));
      }
      return new Assessment(verdicts, spark.createDataFrame(new ArrayList<>(table.values()), REVIEW));
    } finally {
      fresh.unpersist();
    }
  }

  private static Key key(Row r) {
    return new Key(r.getAs("source"), r.getAs("indicator"), r.getAs("vintage"));
  }

  private static Row row(Verdict v, Set<String> shas, Map<String, Row> files, String runId, Timestamp now,
      Row accepted) {
    Set<String> labels = new TreeSet<>();
    List<String> uris = new ArrayList<>();
    for (String sha : shas) {
      Row f = files.get(sha);
      if (f != null) {
        labels.add(f.getAs("vintage_label"));
        uris.add(f.getAs("file_uri"));
      }
    }
    String status = accepted != null ? ACCEPTED : v.held() ? HELD : PASSED;
    return RowFactory.create(v.key().source(), v.key().indicator(), v.key().vintage(), String.join(", ", labels),
        String.join(",", shas), String.join(",", uris), v.previous(), status,
        v.reasons().isEmpty() ? null : String.join(";", v.reasons()), v.economiesBefore(), v.economiesAfter(),
        (long) v.dropped().size(), v.droppedShare(), String.join(",", v.dropped()), v.valuesCompared(),
        v.valuesRevised(), v.revisedShare(), v.revisionTolerance(), v.scaleRatio(), runId, now,
        accepted == null ? null : accepted.getAs("accepted_run_id"),
        accepted == null ? null : accepted.getAs("accepted_at"), accepted == null ? null : Boolean.TRUE);
  }

  /** silver.vintage_review's rows, or none. */
  private List<Row> reviewRows() {
    return lake.exists(Table.VINTAGE_REVIEW) ? lake.read(Table.VINTAGE_REVIEW).collectAsList() : List.of();
  }

  /** Writes the review table (small: one row per compared vintage) in one commit. */
  void write(Assessment a, String runId) {
    if (a.review() != null) {
      writes.overwrite(a.review(), Table.VINTAGE_REVIEW, runId);
    }
  }

  /**
   * Accepts the held vintages that {@code specs} name (a file checksum, or at least its first 8
   * characters; a vintage label such as a folder name; or the vintage date), then releases them.
   * Fails (exit 2, listing the held vintages) when a spec names none.
   */
  void accept(List<String> specs, String runId, Timestamp now) {
    List<Row> rows = reviewRows();
    Map<Key, Row> table = new LinkedHashMap<>();
    rows.forEach(r -> table.put(key(r), r));
    List<Row> held = rows.stream().filter(r -> HELD.equals(r.getAs("status"))).toList();
    Set<Key> chosen = new TreeSet<>();
    for (String spec : specs) {
      List<Row> hits = held.stream().filter(r -> matches(r, spec)).toList();
      String expected = "a file checksum (or its first 8+ characters), label or date (yyyy, yyyy-mm or yyyy-mm-dd) of a"
          + " held vintage";
      if (hits.isEmpty()) {
        throw Errors.badOption("--accept-vintage", spec, held.isEmpty() ? expected + ", but no vintage is held"
            : expected + ": " + String.join("; ", held.stream().map(VintageStage::describe).toList()));
      }
      Map<String, List<Row>> perSeries = new TreeMap<>();
      hits.forEach(r -> perSeries.computeIfAbsent(key(r).series(), s -> new ArrayList<>()).add(r));
      for (List<Row> same : perSeries.values()) {
        if (same.size() > 1) {
          throw Errors.badOption("--accept-vintage", spec, expected + " that names one vintage per series; it names "
              + String.join("; ", same.stream().map(VintageStage::describe).toList()));
        }
      }
      hits.forEach(r -> chosen.add(key(r)));
    }
    for (Key k : chosen) {
      Row r = table.get(k);
      Object[] v = values(r);
      v[REVIEW.fieldIndex("status")] = ACCEPTED;
      v[REVIEW.fieldIndex("accepted_run_id")] = runId;
      v[REVIEW.fieldIndex("accepted_at")] = now;
      v[REVIEW.fieldIndex("released")] = false;
      table.put(k, RowFactory.create(v));
    }
    writes.overwrite(spark.createDataFrame(new ArrayList<>(table.values()), REVIEW), Table.VINTAGE_REVIEW, runId);
    release(runId);
  }

  private static boolean matches(Row r, String spec) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty()) {
      return false;
    }
    for (String sha : ((String) r.getAs("file_sha256")).split(",")) {
      if (sha.equals(s) || (s.length() >= 8 && sha.startsWith(s))) {
        return true;
      }
    }
    String label = r.getAs("vintage_label");
    if (label != null) {
      for (String l : label.split(", ")) {
        if (l.trim().equalsIgnoreCase(spec.trim())) {
          return true;
        }
      }
    }
    String date = r.getAs("vintage").toString();
    return s.matches("\\d{4}(-\\d{2}(-\\d{2})?)?") && date.startsWith(s);
  }

  /**
   * Releases the accepted vintages whose observations are still held (the second and third commits
   * of an acceptance; also repairs one a crash interrupted). Costs nothing when there are none.
   */
  void release(String runId) {
    List<Row> rows = reviewRows();
    List<Row> pending = rows.stream().filter(r -> ACCEPTED.equals(r.getAs("status"))
        && !Boolean.TRUE.equals(r.getAs("released"))).toList();
    if (pending.isEmpty() || !lake.exists(Table.OBSERVATION)) {
      return;
    }
    Column which = lit(false);
    for (Row r : pending) {
      which = which.or(col("source").equalTo(r.getAs("source")).and(col("indicator").equalTo(r.getAs("indicator")))
          .and(col("vintage").equalTo(lit(r.getAs("vintage")))));
    }
    Map<String, Column> set = new HashMap<>();
    set.put("held", lit(false));
    set.put("hold_reason", lit(null).cast("string"));
    DeltaTable.forPath(spark, lake.path(Table.OBSERVATION)).update(which.and(col("held")), set);
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      Object[] v = values(r);
      if (pending.contains(r)) {
        v[REVIEW.fieldIndex("released")] = true;
      }
      out.add(RowFactory.create(v));
    }
    writes.overwrite(spark.createDataFrame(out, REVIEW), Table.VINTAGE_REVIEW, runId);
  }

  private static Object[] values(Row r) {
    Object[] v = new Object[REVIEW.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.get(r.fieldIndex(REVIEW.fields()[i].name()));
    }
    return v;
  }

  private static String describe(Row r) {
    return r.getAs("source") + " " + r.getAs("indicator") + " vintage " + r.getAs("vintage") + " (label "
        + r.getAs("vintage_label") + ", file " + abbreviate(r.getAs("file_sha256")) + ")";
  }

  private static String abbreviate(String shas) {
    List<String> out = new ArrayList<>();
    for (String s : shas.split(",")) {
      out.add(s.substring(0, Math.min(12, s.length())));
    }
    return String.join(",", out);
  }

  // ---- read without Spark (the up-to-date check and the run summary) ------------------------------

  private static final List<String> KERNEL_COLUMNS = List.of("source", "indicator", "vintage", "vintage_label",
      "file_sha256", "previous_vintage", "status", "reasons", "economies_before", "economies_dropped",
      "dropped_economies", "values_compared", "values_revised", "revision_tolerance", "scale_ratio", "released");

  /**
   * The part of the derived tables' input fingerprint that the gate decides: every vintage whose rows
   * are held in silver.observation (held, or accepted and not yet released), read with Delta Kernel.
   */
  /** True when an accepted vintage's observations are still held (cheap: Delta Kernel, no Spark job). */
  static boolean releasePending(LakeLog log) {
    return log.rows(Table.VINTAGE_REVIEW, KERNEL_COLUMNS).stream()
        .anyMatch(r -> ACCEPTED.equals(r[6]) && !Boolean.TRUE.equals(r[15]));
  }

  static String holdsFingerprint(LakeLog log) {
    TreeSet<String> held = new TreeSet<>();
    for (Object[] r : log.rows(Table.VINTAGE_REVIEW, KERNEL_COLUMNS)) {
      if (HELD.equals(r[6]) || (ACCEPTED.equals(r[6]) && !Boolean.TRUE.equals(r[15]))) {
        held.add(r[0] + "|" + r[1] + "|" + r[2]);
      }
    }
    return ResourceTable.sha256(String.join(",", held).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** One line per vintage held now: what moved and how to accept it. */
  static List<String> heldNow(LakeLog log) {
    List<String> out = new ArrayList<>();
    for (Object[] r : log.rows(Table.VINTAGE_REVIEW, KERNEL_COLUMNS)) {
      if (!HELD.equals(r[6])) {
        continue;
      }
      long before = (Long) r[8];
      long dropped = (Long) r[9];
      long compared = (Long) r[11];
      long revised = (Long) r[12];
      String droppedList = (String) r[10];
      String[] economies = droppedList == null || droppedList.isEmpty() ? new String[0] : droppedList.split(",");
      String shown = economies.length <= 12 ? String.join(" ", economies)
          : String.join(" ", java.util.Arrays.copyOf(economies, 12)) + " +" + (economies.length - 12);
      out.add(String.format(Locale.ROOT, "%s %s vintage %s (label %s, file %s) vs %s: economies dropped %d of %d"
              + " (%.0f%%%s), values revised %d of %d beyond %.0f%% (%.0f%%), scale ratio %s [%s]",
          r[0], r[1], date(r[2]), r[3], abbreviate((String) r[4]), date(r[5]), dropped, before,
          before == 0 ? 0.0 : 100.0 * dropped / before, shown.isEmpty() ? "" : ": " + shown, revised, compared,
          100 * (Double) r[13], compared == 0 ? 0.0 : 100.0 * revised / compared,
          r[14] == null ? "n/a" : String.format(Locale.ROOT, "%.4g", (Double) r[14]), r[7]));
    }
    return out;
  }

  private static String date(Object days) {
    return days == null ? "-" : LocalDate.ofEpochDay((Integer) days).toString();
  }

  /** For the summary of a run that held vintages: each held verdict on one line. */
  static List<String> describe(Collection<Verdict> held) {
    return held.stream().map(Verdict::describe).toList();
  }
}
