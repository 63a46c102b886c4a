package org.ictbench.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * The IDI methodology as data: goalposts per methodology (indicator, pillar, component and its
 * weight, threshold, goalpost, transform) and editions (reference year, fallback year, inclusion
 * rule). A methodology revision is new rows in {@code idi/goalposts.csv} and {@code idi/editions.csv},
 * not a code change.
 */
public final class IdiMethodology {
  /** One IDI edition: edition t scores data year t-2, falling back to t-3 ("lagged"). */
  public record Edition(int edition, String methodology, int referenceYear, int fallbackYear, int minOfficial) {}

  static final Set<String> TRANSFORMS = Set.of("linear", "reversed", "log");
  static final StructType GOALPOST = new StructType()
      .add("methodology", DataTypes.StringType).add("indicator_id", DataTypes.StringType)
      .add("pillar", DataTypes.StringType).add("component", DataTypes.StringType)
      .add("component_weight", DataTypes.DoubleType).add("threshold", DataTypes.DoubleType)
      .add("goalpost", DataTypes.DoubleType).add("transform", DataTypes.StringType)
      .add("source", DataTypes.StringType);

  private final ResourceTable goalposts;
  private final List<Edition> editions = new ArrayList<>();

  IdiMethodology(ResourceTable goalposts, ResourceTable editionTable) {
    this.goalposts = goalposts;
    for (Map<String, String> r : goalposts.rows()) {
      String transform = goalposts.required(r, "transform");
      if (!TRANSFORMS.contains(transform)) {
        throw Errors.invalidMethodology(goalposts.resource(), "unknown transform '" + transform + "' (use " + TRANSFORMS + ")");
      }
      double t = Double.parseDouble(goalposts.required(r, "threshold"));
      double g = Double.parseDouble(goalposts.required(r, "goalpost"));
      if (t == g) {
        throw Errors.invalidMethodology(goalposts.resource(), r.get("indicator_id") + " has threshold = goalpost");
      }
      if (transform.equals("log") && (t < 0 || g < 0)) {
        throw Errors.invalidMethodology(goalposts.resource(), r.get("indicator_id") + ": log transform needs non-negative goalposts");
      }
      if (Double.parseDouble(goalposts.required(r, "component_weight")) <= 0) {
        throw Errors.invalidMethodology(goalposts.resource(), r.get("indicator_id") + " has a non-positive weight");
      }
    }
    for (Map<String, String> r : editionTable.rows()) {
      editions.add(new Edition(Integer.parseInt(editionTable.required(r, "edition")),
          editionTable.required(r, "methodology"), Integer.parseInt(editionTable.required(r, "reference_year")),
          Integer.parseInt(editionTable.required(r, "fallback_year")),
          Integer.parseInt(editionTable.required(r, "min_official_indicators"))));
    }
  }

  public static IdiMethodology load() {
    return new IdiMethodology(ResourceTable.load("idi/goalposts.csv"), ResourceTable.load("idi/editions.csv"));
  }

  /** For tests and user-supplied methodologies. */
  public static IdiMethodology of(ResourceTable goalposts, ResourceTable editions) {
    return new IdiMethodology(goalposts, editions);
  }

  public List<Edition> editions() {
    return List.copyOf(editions);
  }

  public Optional<Edition> edition(int edition) {
    return editions.stream().filter(e -> e.edition() == edition).findFirst();
  }

  /** Indicator ids of a methodology, in goalposts-table order. */
  public List<String> indicators(String methodology) {
    Set<String> out = new LinkedHashSet<>();
    for (Map<String, String> r : goalposts.rows()) {
      if (r.get("methodology").equals(methodology)) {
        out.add(r.get("indicator_id"));
      }
    }
    return List.copyOf(out);
  }

  /** gold.idi_goalpost: the goalposts table. */
  public Dataset<Row> goalposts(SparkSession spark) {
    return goalposts.toDataset(spark, GOALPOST);
  }

  public String fingerprint() {
    return goalposts.sha256();
  }
}
