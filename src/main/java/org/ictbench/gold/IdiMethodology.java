package org.ictbench.gold;

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
  /**
   * One IDI edition: edition t scores data year t-2, falling back to t-3 ("lagged"). {@code published}
   * is ITU's release date (null when not known or not released): a backtest of the edition may only
   * use vintages published before it.
   */
  public record Edition(int edition, String methodology, int referenceYear, int fallbackYear, int minOfficial,
      int carryForwardMaxYears, boolean nowcast, java.time.LocalDate published) {}

  /**
   * One indicator's goalposts with its derived weights ({@link #goalposts(SparkSession)} computes the
   * same weights in Spark): IDI = Σ weightInIdi × score, a pillar = Σ weightInPillar × score.
   */
  public record Goalpost(String methodology, String indicator, String pillar, String component,
      double componentWeight, double threshold, double goalpost, String transform, double weightInPillar,
      double weightInIdi) {
    /** The normalized score before capping (the imputation models' scale). */
    public double z(double x) {
      return "log".equals(transform)
          ? 100 * (Math.log1p(x) - Math.log1p(threshold)) / (Math.log1p(goalpost) - Math.log1p(threshold))
          : 100 * (x - threshold) / (goalpost - threshold);
    }

    /** The normalized score, capped to [0, 100]. */
    public double score(double x) {
      return Math.min(100, Math.max(0, z(x)));
    }

    /** The value whose uncapped score is {@code z}. */
    public double value(double z) {
      double f = z / 100;
      return "log".equals(transform)
          ? Math.expm1(Math.log1p(threshold) + f * (Math.log1p(goalpost) - Math.log1p(threshold)))
          : threshold + f * (goalpost - threshold);
    }
  }

  /** idi/imputation.csv: the related indicators the peer model averages, and the valid range. */
  public record ImputationRule(String indicator, List<String> predictors, Double valueMin, Double valueMax) {
    double clip(double v) {
      return Math.min(valueMax == null ? Double.MAX_VALUE : valueMax,
          Math.max(valueMin == null ? -Double.MAX_VALUE : valueMin, v));
    }
  }

  /** idi/imputation_levels.csv: a peer level and the donors it needs. */
  public record Level(int order, String level, int minDonors) {}

  /**
   * idi/imputation_models.csv: a candidate model for an indicator ({@code own_trend}, optionally with
   * the largest gap in years between the economy's own value and the year predicted; {@code related}
   * with its predictors); the run chooses among them, and the peer model, by leave-one-out error.
   */
  public record ModelCandidate(String indicator, String model, List<String> predictors, Integer maxGapYears) {
    /**
     * The name the choice and the tables use, e.g. {@code related(internet_users_pct)} or
     * {@code own_trend(max_gap_years=1)}.
     */
    public String name() {
      if (maxGapYears != null) {
        return model + "(max_gap_years=" + maxGapYears + ")";
      }
      return predictors.isEmpty() ? model : model + "(" + String.join(" ", predictors) + ")";
    }
  }

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
  static final Set<String> MODELS = Set.of("own_trend", "related");

  private final ResourceTable goalposts;
  private final ResourceTable editionTable;
  private final ResourceTable imputation;
  private final ResourceTable imputationLevels;
  private final ResourceTable imputationModels;
  private final List<Edition> editions = new ArrayList<>();

  IdiMethodology(ResourceTable goalposts, ResourceTable editionTable) {
    this(goalposts, editionTable, ResourceTable.load("idi/imputation.csv"), ResourceTable.load("idi/imputation_levels.csv"),
        ResourceTable.load("idi/imputation_models.csv"));
  }

  IdiMethodology(ResourceTable goalposts, ResourceTable editionTable, ResourceTable imputation,
      ResourceTable imputationLevels, ResourceTable imputationModels) {
    this.goalposts = goalposts;
    this.editionTable = editionTable;
    this.imputation = imputation;
    this.imputationLevels = imputationLevels;
    this.imputationModels = imputationModels;
    for (Map<String, String> r : imputationModels.rows()) {
      imputationModels.required(r, "methodology");
      imputationModels.required(r, "indicator_id");
      if (!MODELS.contains(imputationModels.required(r, "model"))) {
        throw imputationModels.methodologyError(r, "unknown imputation model '" + r.get("model")
            + "' (use " + MODELS + "; the peer model is always tried last)");
      }
      if (r.get("model").equals("related") && words(r.get("predictors")).isEmpty()) {
        throw imputationModels.methodologyError(r, r.get("indicator_id") + ": a related model needs predictors");
      }
      for (String p : words(r.get("predictors"))) {
        if (IdiModels.isLag(p) && !IdiModels.isValidLag(p)) {
          throw imputationModels.methodologyError(r, r.get("indicator_id") + ": predictor '" + p
              + "' is not lag:N with N a positive whole number of years");
        }
      }
      Integer gap = maxGapYears(imputationModels, r);
      if (gap != null && !r.get("model").equals("own_trend")) {
        throw imputationModels.methodologyError(r, r.get("indicator_id") + ": max_gap_years applies to own_trend only,"
            + " not to " + r.get("model") + " (leave it blank)");
      }
    }
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
          Boolean.parseBoolean(r.getOrDefault("nowcast", "true")), published(editionTable, r));
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
        reference.table("idi/imputation.csv"), reference.table("idi/imputation_levels.csv"),
        reference.table("idi/imputation_models.csv"));
  }

  /** For tests and user-supplied methodologies. */
  public static IdiMethodology of(ResourceTable goalposts, ResourceTable editions) {
    return new IdiMethodology(goalposts, editions);
  }

  /**
   * For tests and user-supplied methodologies, with their own imputation configuration and no
   * candidate models (every missing input gets the peer model).
   */
  public static IdiMethodology of(ResourceTable goalposts, ResourceTable editions, ResourceTable imputation,
      ResourceTable imputationLevels) {
    return of(goalposts, editions, imputation, imputationLevels,
        ResourceTable.parse("no-imputation-models", "methodology,indicator_id,model,predictors\n", "none"));
  }

  /** For tests and user-supplied methodologies, with their own imputation configuration and candidate models. */
  public static IdiMethodology of(ResourceTable goalposts, ResourceTable editions, ResourceTable imputation,
      ResourceTable imputationLevels, ResourceTable imputationModels) {
    return new IdiMethodology(goalposts, editions, imputation, imputationLevels, imputationModels);
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
    // goalposts.csv's indicator_id and source are the table's indicator and goalpost_source
    return g.withColumn("weight_in_pillar", inPillar)
        .withColumn("weight_in_idi", col("weight_in_pillar").divide(size(collect_set("pillar").over(all))))
        .withColumnRenamed("indicator_id", "indicator").withColumnRenamed("source", "goalpost_source");
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

  /** The goalposts of a methodology with their derived weights, in goalposts-table order. */
  public List<Goalpost> goalpostList(String methodology) {
    List<Map<String, String>> rows = goalposts.rows().stream().filter(r -> r.get("methodology").equals(methodology))
        .toList();
    Map<String, Double> componentWeight = new java.util.HashMap<>();
    Map<String, Set<String>> pillarComponents = new java.util.HashMap<>();
    for (Map<String, String> r : rows) {
      componentWeight.merge(r.get("pillar") + "/" + r.get("component"), Double.parseDouble(r.get("component_weight")),
          Double::sum);
      pillarComponents.computeIfAbsent(r.get("pillar"), k -> new LinkedHashSet<>()).add(r.get("component"));
    }
    List<Goalpost> out = new ArrayList<>();
    for (Map<String, String> r : rows) {
      double w = Double.parseDouble(r.get("component_weight"));
      double inPillar = w / componentWeight.get(r.get("pillar") + "/" + r.get("component"))
          / pillarComponents.get(r.get("pillar")).size();
      out.add(new Goalpost(methodology, r.get("indicator_id"), r.get("pillar"), r.get("component"), w,
          Double.parseDouble(r.get("threshold")), Double.parseDouble(r.get("goalpost")), r.get("transform"), inPillar,
          inPillar / pillarComponents.size()));
    }
    return out;
  }

  /** idi/imputation.csv rows of a methodology, by indicator. */
  public Map<String, ImputationRule> imputationRules(String methodology) {
    Map<String, ImputationRule> out = new java.util.LinkedHashMap<>();
    for (Map<String, String> r : imputation.rows()) {
      if (r.get("methodology").equals(methodology)) {
        out.put(r.get("indicator_id"), new ImputationRule(r.get("indicator_id"), words(r.get("predictors")),
            number(r.get("value_min")), number(r.get("value_max"))));
      }
    }
    return out;
  }

  /** idi/imputation_levels.csv in level order. */
  public List<Level> levels() {
    List<Level> out = new ArrayList<>();
    for (Map<String, String> r : imputationLevels.rows()) {
      out.add(new Level(Integer.parseInt(imputationLevels.required(r, "level_order")), r.get("level"),
          Integer.parseInt(imputationLevels.required(r, "min_donors"))));
    }
    out.sort(java.util.Comparator.comparingInt(Level::order));
    return out;
  }

  /** idi/imputation_models.csv rows of a methodology, in file order. */
  public List<ModelCandidate> modelCandidates(String methodology) {
    List<ModelCandidate> out = new ArrayList<>();
    for (Map<String, String> r : imputationModels.rows()) {
      if (r.get("methodology").equals(methodology)) {
        out.add(new ModelCandidate(r.get("indicator_id"), r.get("model"), words(r.get("predictors")),
            maxGapYears(imputationModels, r)));
      }
    }
    return out;
  }

  /** The edition's release date (blank: not known or not released), a methodology error when not a date. */
  private static java.time.LocalDate published(ResourceTable editionTable, Map<String, String> r) {
    String s = r.get("published");
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return java.time.LocalDate.parse(s.trim());
    } catch (java.time.format.DateTimeParseException e) {
      throw editionTable.methodologyError(r, "edition " + r.get("edition") + ": published '" + s
          + "' is not a date (use YYYY-MM-DD, or leave it blank when not released)");
    }
  }

  /** The row's optional max_gap_years (blank or absent: null), a methodology error unless a positive integer. */
  private static Integer maxGapYears(ResourceTable table, Map<String, String> r) {
    String s = r.get("max_gap_years");
    if (s == null || s.isBlank()) {
      return null;
    }
    int gap;
    try {
      gap = Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      gap = 0;
    }
    if (gap < 1) {
      throw table.methodologyError(r, r.get("indicator_id") + ": max_gap_years '" + s
          + "' is not a positive whole number of years");
    }
    return gap;
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
  }

  private static Double number(String s) {
    return s == null || s.isBlank() ? null : Double.valueOf(s.trim());
  }

  public String fingerprint() {
    return ResourceTable.sha256((goalposts.sha256() + editionTable.sha256() + imputation.sha256()
        + imputationLevels.sha256() + imputationModels.sha256()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
