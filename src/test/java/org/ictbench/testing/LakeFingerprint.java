package org.ictbench.testing;

import io.delta.kernel.engine.Engine;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.TimestampType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.ictbench.core.Lakehouse;
import org.ictbench.core.Table;

/**
 * A lake's content on its stable columns, for comparing a lake after a crash and a recovery run with
 * a clean run's: every column except run ids and timestamps (which differ between any two runs), with
 * file URIs taken relative to the raw folder (so lakes built from copies of the same raw folder
 * compare) and doubles compared as floats (aggregation order may change the last bits). Per table a
 * row count and an order-independent sum of row hashes; {@link #diff} shows the differing rows.
 *
 * <p>Tables are read with Delta Kernel ({@link KernelTables}), not Spark: the rows are the same (as
 * ReadsWithoutSparkTest shows) and a lake of 31 small tables is read in about a second, where Spark
 * first rebuilds every table's snapshot with a job. It also keeps these checks independent of the
 * Spark code paths the pipeline itself writes and checks with.
 */
public final class LakeFingerprint {
  private static final Pattern UP_TO_RAW = Pattern.compile("^.*?/raw/");

  private LakeFingerprint() {}

  /** A table's rows on the stable columns, each as one canonical string; empty when the table does not exist. */
  public static List<String> stableRows(Lakehouse lake, Table t) {
    return lake.exists(t) ? stableRows(read(engine(lake), lake, t)) : List.of();
  }

  /** Table → "rows:hashsum" for every table that exists in the lake ("0:null" for an empty one). */
  public static Map<Table, String> of(Lakehouse lake) {
    Engine engine = engine(lake);
    Map<Table, String> out = new TreeMap<>();
    for (Table t : Table.values()) {
      if (!lake.exists(t)) {
        continue;
      }
      List<String> rows = stableRows(read(engine, lake, t));
      long sum = 0;
      for (String r : rows) {
        sum += hash(r);
      }
      out.put(t, rows.size() + ":" + (rows.isEmpty() ? "null" : Long.toUnsignedString(sum)));
    }
    return out;
  }

  /**
   * The files whose value slots in bronze.raw_record differ from their rows in the four silver tables
   * (observation, aggregate_observation, economy_classification, quarantine), counted here
   * independently of the pipeline's own check; empty when the identity holds. Also lists any bronze
   * record present twice (same file_sha256 and record_number).
   */
  public static List<String> identityBreaks(Lakehouse lake) {
    Engine engine = engine(lake);
    KernelTables.Contents bronze = read(engine, lake, Table.RAW_RECORD);
    int sha = column(bronze, "file_sha256");
    int slotCount = column(bronze, "slot_count");
    int recordNumber = column(bronze, "record_number");
    Map<String, Long> slots = new TreeMap<>();
    Map<String, Integer> records = new TreeMap<>();
    for (List<Object> r : bronze.rows()) {
      slots.merge((String) r.get(sha), ((Number) r.get(slotCount)).longValue(), Long::sum);
      records.merge(r.get(sha) + " record " + r.get(recordNumber), 1, Integer::sum);
    }
    Map<String, Long> landed = new TreeMap<>();
    for (Table t : List.of(Table.OBSERVATION, Table.AGGREGATE_OBSERVATION, Table.ECONOMY_CLASSIFICATION,
        Table.QUARANTINE)) {
      KernelTables.Contents c = read(engine, lake, t);
      int s = column(c, "file_sha256");
      c.rows().forEach(r -> landed.merge((String) r.get(s), 1L, Long::sum));
    }
    List<String> out = new ArrayList<>();
    java.util.SortedSet<String> files = new java.util.TreeSet<>(slots.keySet());
    files.addAll(landed.keySet());
    for (String f : files) {
      long expected = slots.getOrDefault(f, 0L);
      long found = landed.getOrDefault(f, 0L);
      if (expected != found) {
        out.add(f + ": " + expected + " value slots in bronze, " + found + " rows in silver");
      }
    }
    records.forEach((k, n) -> {
      if (n > 1) {
        out.add(k + " is in bronze.raw_record " + n + " times");
      }
    });
    return out;
  }

  /** Up to {@code limit} stable rows of each side that the other lacks, for an assertion message. */
  public static String diff(Lakehouse expected, Lakehouse actual, Table t, int limit) {
    if (!actual.exists(t) || !expected.exists(t)) {
      return t.qualifiedName() + (actual.exists(t) ? " exists only in the recovered lake" : " is missing");
    }
    List<String> e = stableRows(expected, t);
    List<String> a = stableRows(actual, t);
    StringBuilder sb = new StringBuilder(t.qualifiedName()).append(": expected ").append(e.size())
        .append(" rows, found ").append(a.size());
    minus(e, a, limit).forEach(r -> sb.append("\n    missing ").append(r));
    minus(a, e, limit).forEach(r -> sb.append("\n    extra   ").append(r));
    return sb.toString();
  }

  private static List<String> stableRows(KernelTables.Contents c) {
    List<StructField> fields = c.schema().fields();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      String n = fields.get(i).getName();
      if (!(n.equals("run_id") || n.endsWith("_run_id") || fields.get(i).getDataType() instanceof TimestampType)) {
        kept.add(i);
      }
    }
    List<String> out = new ArrayList<>(c.rows().size());
    for (List<Object> row : c.rows()) {
      StringBuilder sb = new StringBuilder("[");
      for (int i : kept) {
        StructField f = fields.get(i);
        Object v = row.get(i);
        String n = f.getName();
        if (v != null && f.getDataType() instanceof StringType
            && (n.equals("file_uri") || n.endsWith("_file") || n.equals("file_uris"))) {
          v = UP_TO_RAW.matcher((String) v).replaceFirst("");
        } else if (v != null && f.getDataType() instanceof DoubleType) {
          v = (float) (double) (Double) v;
        }
        sb.append(sb.length() > 1 ? ", " : "").append(n).append('=').append(v);
      }
      out.add(sb.append(']').toString());
    }
    return out;
  }

  private static List<String> minus(List<String> a, List<String> b, int limit) {
    Map<String, Integer> left = new TreeMap<>();
    a.forEach(r -> left.merge(r, 1, Integer::sum));
    b.forEach(r -> left.computeIfPresent(r, (k, n) -> n > 1 ? n - 1 : null));
    List<String> out = new ArrayList<>();
    for (String r : left.keySet()) {
      if (out.size() < limit) {
        out.add(r);
      }
    }
    return out;
  }

  private static long hash(String row) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(row.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int column(KernelTables.Contents c, String name) {
    int i = c.schema().indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("no column " + name + " in " + c.schema());
    }
    return i;
  }

  private static Engine engine(Lakehouse lake) {
    return KernelTables.engine(lake.spark().sparkContext().hadoopConfiguration());
  }

  private static KernelTables.Contents read(Engine engine, Lakehouse lake, Table t) {
    return KernelTables.read(engine, lake.path(t));
  }
}
