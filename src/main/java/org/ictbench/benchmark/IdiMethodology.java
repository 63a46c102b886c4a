package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;

/**
 * The IDI methodology as data: goalposts per methodology (indicator, pillar, component and its
 * weight, threshold, goalpost, transform) and editions (reference year, fallback year, inclusion
 * rule). A methodology revision is new rows in {@code idi/goalposts.csv} and {@code idi/editions.csv},
 * not a code change.
 */
public final class IdiMethodology {
  /** One IDI edition: edition t scores data year t-2, falling back to t-3 ("lagged"). */
  public record Edition(int edition, String methodology, int referenceYear, int fallbackYear, int minOfficial,
      int carryForwardMaxYears, boolean nowcast) {}

  static final Set<String> TRANSFORMS = Set.of("linear", "reversed", "log");
  static final StructType GOALPOST = new StructType()
      .add("methodology", DataTypes.StringType).add("indicator_id", DataTypes.StringType)
      .add("pillar", DataTypes.StringType).add("component", DataTypes.StringType)
      .add("component_weight", DataTypes.DoubleType).add("threshold", DataTypes.DoubleType)
      .add("goalpost", DataTypes.DoubleType).add("transform", DataTypes.StringType)
      .add("source", DataTypes.StringType);

  static final StructType EDITION = new StructType()
      .add("edition", DataTypes.IntegerType).add("methodology", DataTypes.StringType)
      .add("reference_year", DataTypes.IntegerType).add("fallback_year", DataTypes.IntegerType)
      .add("min_official_indicators", DataTypes.IntegerType).add("carry_forward_max_years", DataTypes.IntegerType);
  static final StructType IMPUTATION = new StructType()
      .add("methodology", DataTypes.StringType).add("indicator_id", DataTypes.StringType)
      .add("predictors", DataTypes.StringType).add("value_min", DataTypes.DoubleType)
      .add("value_max", DataTypes.DoubleType);
  static final StructType IMPUTATION_LEVEL = new StructType()
      .add("level_order", DataTypes.IntegerType).add("level", DataTypes.StringType)
      .add("min_donors", DataTypes.IntegerType);
  static final Set<String> LEVELS = Set.of("region_income", "income_group", "itu_region", "world");

  private final ResourceTable goalposts;
  private final ResourceTable editionTable;
  private final ResourceTable imputation;
  private final ResourceTable imputationLevels;
  private final List<Edition> editions = new ArrayList<>();

  IdiMethodology(ResourceTable goalposts, ResourceTable editionTable) {
    this(goalposts, editionTable, ResourceTable.load("idi/imputation.csv"), ResourceTable.load("idi/imputation_levels.csv"));
  }

  IdiMethodology(ResourceTable goalposts, ResourceTable editionTable, ResourceTable imputation,
      ResourceTable imputationLevels) {
    this.goalposts = goalposts;
    this.editionTable = editionTable;
    this.imputation = imputation;
    this.imputationLevels = imputationLevels;
    for (Map<String, String> r : imputationLevels.rows()) {
      imputationLevels.requiredInt(r, "level_order");
      imputationLevels.requiredInt(r, "min_donors");
      if (!LEVELS.contains(imputationLevels.required(r, "level"))) {
        throw imputationLevels.methodologyError(r, "unknown imputation level '" + r.get("level") + "' (use " + LEVELS
            + ")");
      }
    }
    Set<String> keys = new java.util.HashSet<>();
    for (Map<String, String> r : goalposts.rows()) {
      String transform = goalposts.required(r, "transform");
      if (!TRANSFORMS.contains(transform)) {
        throw goalposts.methodologyError(r, "unknown transform '" + transform + "' (use " + TRANSFORMS + ")");
      }
      if (!keys.add(goalposts.required(r, "methodology") + "|" + goalposts.required(r, "indicator_id"))) {
        throw goalposts.methodologyError(r, "a second row for " + r.get("indicator_id") + " in methodology "
            + r.get("methodology"));
      }
      goalposts.required(r, "pillar");
      goalposts.required(r, "component");
      double t = goalposts.requiredDouble(r, "threshold");
      double g = goalposts.requiredDouble(r, "goalpost");
      if (t == g) {
        throw goalposts.methodologyError(r, r.get("indicator_id") + " has threshold = goalpost");
      }
      if (transform.equals("log") && (t < 0 || g < 0)) {
        throw goalposts.methodologyError(r, r.get("indicator_id") + ": log transform needs non-negative goalposts");
      }
      if (goalposts.requiredDouble(r, "component_weight") <= 0) {
        throw goalposts.methodologyError(r, r.get("indicator_id") + " has a non-positive weight");
      }
    }
    Set<Integer> seen = new java.util.HashSet<>();
    for (Map<String, String> r : editionTable.rows()) {
      Edition e = new Edition(editionTable.requiredInt(r, "edition"), editionTable.required(r, "methodology"),
          editionTable.requiredInt(r, "reference_year"), editionTable.requiredInt(r, "fallback_year"),
          editionTable.requiredInt(r, "min_official_indicators"), editionTable.requiredInt(r, "carry_forward_max_years"),
          Boolean.parseBoolean(r.getOrDefault("nowcast", "true")));
      if (!seen.add(e.edition())) {
        throw editionTable.methodologyError(r, "a second row for edition " + e.edition());
      }
      if (e.fallbackYear() >= e.referenceYear()) {
        throw editionTable.methodologyError(r, "edition " + r.get("edition")
            + ": fallback_year must be before reference_year");
      }
      editions.add(e);
    }
  }

  /** The built-in methodology. */
  public static IdiMethodology load() {
    return load(ReferenceData.builtIn());
  }

  /** The methodology as {@code reference} gives it (goalposts, editions and the imputation tables). */
  public static IdiMethodology load(ReferenceData reference) {
    return new IdiMethodology(reference.table("idi/goalposts.csv"), reference.table("idi/editions.csv"),
        reference.table("idi/imputation.csv"), reference.table("idi/imputation_levels.csv"));
  }

  /** For tests and user-supplied methodologies. */
  public static IdiMethodology of(ResourceTable goalposts, ResourceTable editions) {
    return new IdiMethodology(goalposts, editions);
  }

  /** For tests and user-supplied methodologies, with their own imputation configuration. */
  public static IdiMethodology of(ResourceTable goalposts, ResourceTable editions, ResourceTable imputation,
      ResourceTable imputationLevels) {
    return new IdiMethodology(goalposts, editions, imputation, imputationLevels);
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

  /**
   * gold.idi_goalpost: the goalposts table plus each indicator's weight in its pillar and in the IDI
   * (derived: component weight share × 1/components in the pillar × 1/pillars), so that
   * IDI = Σ weight_in_idi × score exactly.
   */
  public Dataset<Row> goalposts(SparkSession spark) {
    Dataset<Row> g = goalposts.toDataset(spark, GOALPOST);
    WindowSpec component = Window.partitionBy("methodology", "pillar", "component");
    WindowSpec pillar = Window.partitionBy("methodology", "pillar");
    WindowSpec all = Window.partitionBy("methodology");
    Column inPillar = col("component_weight").divide(sum("component_weight").over(component))
        .divide(size(collect_set("component").over(pillar)));
    return g.withColumn("weight_in_pillar", inPillar)
        .withColumn("weight_in_idi", col("weight_in_pillar").divide(size(collect_set("pillar").over(all))));
  }

  /** The editions table as a Dataset (edition, methodology, reference_year, fallback_year, …). */
  public Dataset<Row> editionTable(SparkSession spark) {
    return editionTable.toDataset(spark, EDITION);
  }

  /** idi/imputation.csv: per indicator, the related indicators the imputation model uses and the valid range. */
  public Dataset<Row> imputation(SparkSession spark) {
    return imputation.toDataset(spark, IMPUTATION);
  }

  /** idi/imputation_levels.csv: the peer levels tried in order, with the donors each needs. */
  public Dataset<Row> imputationLevels(SparkSession spark) {
    return imputationLevels.toDataset(spark, IMPUTATION_LEVEL);
  }

  public String fingerprint() {
    return ResourceTable.sha256((goalposts.sha256() + editionTable.sha256() + imputation.sha256()
        + imputationLevels.sha256()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
