package org.ictbench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What ictbench stores in the {@code userMetadata} of every Delta commit it makes (shown by
 * {@code DESCRIBE HISTORY} and in the table's {@code _delta_log}): one JSON object with the ictbench
 * version that wrote it, and either the run id (tables replaced per input file, logs) or the input
 * fingerprint of a derived table (which decides whether the next run must rewrite it), with the
 * digest of the rows it wrote and, on the last table of a set, the digest each other table of the set
 * holds ({@link Derived}).
 */
public final class CommitMetadata {
  public static final String VERSION = "ictbench_version";
  public static final String RUN_ID = "run_id";
  public static final String FINGERPRINT = "fingerprint";
  public static final String ROWS = "rows_sha256";
  public static final String SET = "set_rows_sha256";
  public static final String INPUTS = "inputs_sha256";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CommitMetadata() {}

  /** The metadata of a commit a run makes to a table replaced per input file, or to a log. */
  public static String ofRun(String runId) {
    return json(RUN_ID, runId);
  }

  /** The metadata of a derived table's commit: its input fingerprint. */
  public static String ofFingerprint(String fingerprint) {
    return json(FINGERPRINT, fingerprint);
  }

  /**
   * A derived table's commit: the input fingerprint its rows answer to; the SHA-256 of those rows (null
   * when not known); and on the table that marks a set as complete, the digest each other table of the
   * set holds ({@code layer.table} to digest), so that a table left as it was because its new rows were
   * the same still counts as current, and the digest of the inputs the set was computed from (null when
   * the stage does not digest them), so that the same inputs need not be computed again.
   */
  public record Derived(String fingerprint, String rows, Map<String, String> set, String inputs) {
    public Derived {
      if (fingerprint == null) {
        throw new IllegalArgumentException("a derived table's commit needs its input fingerprint");
      }
      set = Map.copyOf(set);
    }

    public String json() {
      ObjectNode n = JSON.createObjectNode();
      n.put(VERSION, BuildInfo.version());
      n.put(FINGERPRINT, fingerprint);
      if (rows != null) {
        n.put(ROWS, rows);
      }
      if (!set.isEmpty()) {
        ObjectNode s = n.putObject(SET);
        new TreeMap<>(set).forEach(s::put);
      }
      if (inputs != null) {
        n.put(INPUTS, inputs);
      }
      return n.toString();
    }

    /** The derived-table metadata of a commit, or empty when it has no fingerprint. */
    public static Optional<Derived> of(String userMetadata) {
      Optional<String> fp = userMetadata == null ? Optional.empty() : CommitMetadata.fingerprint(userMetadata);
      if (fp.isEmpty()) {
        return Optional.empty();
      }
      // one parse for the other fields (a bare pre-JSON fingerprint has none)
      JsonNode tree = tree(userMetadata).orElse(null);
      Map<String, String> set = new TreeMap<>();
      JsonNode node = tree == null ? null : tree.get(SET);
      if (node != null && node.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          set.put(e.getKey(), e.getValue().asText());
        }
      }
      return Optional.of(new Derived(fp.get(), text(tree, ROWS), set, text(tree, INPUTS)));
    }

    private static String text(JsonNode tree, String key) {
      JsonNode v = tree == null ? null : tree.get(key);
      return v == null || v.isNull() ? null : v.asText();
    }
  }

  private static String json(String key, String value) {
    ObjectNode n = JSON.createObjectNode();
    n.put(VERSION, BuildInfo.version());
    n.put(key, value);
    return n.toString();
  }

  /**
   * The fingerprint in a commit's {@code userMetadata}; a commit written before the metadata was JSON
   * held the bare fingerprint, returned as it is (it then never equals a new fingerprint, so the table
   * is rewritten once).
   */
  public static Optional<String> fingerprint(String userMetadata) {
    return field(userMetadata, FINGERPRINT).or(() -> userMetadata.startsWith("{") ? Optional.empty()
        : Optional.of(userMetadata));
  }

  /** One field of a commit's {@code userMetadata}, or empty when it has none or is not ictbench's JSON. */
  public static Optional<String> field(String userMetadata, String key) {
    JsonNode v = tree(userMetadata).map(t -> t.get(key)).orElse(null);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Optional<JsonNode> tree(String userMetadata) {
    if (userMetadata == null || !userMetadata.startsWith("{")) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(JSON.readTree(userMetadata));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
