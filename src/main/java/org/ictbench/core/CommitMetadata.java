package org.ictbench.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What ictbench stores in the {@code userMetadata} of every Delta commit it makes (shown by
 * {@code DESCRIBE HISTORY} and in the table's {@code _delta_log}): one JSON object with the ictbench
 * version that wrote it, and either the run id (tables replaced per input file, logs) or the input
 * fingerprint of a derived table (which decides whether the next run must rewrite it).
 */
public final class CommitMetadata {
  public static final String VERSION = "ictbench_version";
  public static final String RUN_ID = "run_id";
  public static final String FINGERPRINT = "fingerprint";
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
    if (userMetadata == null || !userMetadata.startsWith("{")) {
      return Optional.empty();
    }
    try {
      JsonNode v = JSON.readTree(userMetadata).get(key);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
