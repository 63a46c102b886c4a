package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.ictbench.core.Table;

/**
 * Every gold IDI table from the curated silver tables: editions with ITU input values (the IDI
 * annex) are {@code reproduced}; every other edition of idi/editions.csv with nowcast = true is a {@code nowcast} from
 * silver.observation_latest. Missing inputs are imputed ({@link IdiImputation}), economies below the
 * inclusion rule are {@code excluded}; then the change decomposition, ranks and the imputation's
 * leave-one-out evaluation. Call {@link #close()} after writing the tables.
 */
public final class IdiGold implements AutoCloseable {
  private final IdiMethodology methodology;
  private final List<Dataset<Row>> cached = new ArrayList<>();

  public IdiGold(IdiMethodology methodology) {
    this.methodology = methodology;
  }

  /**
   * ITU region and income group per economy from the newest IDI annex (silver.economy_classification
   * rows with source ITU_IDI_ANNEX); ITU's {@code n.a.} income group becomes null.
   */
  public static Dataset<Row> annexClassification(Dataset<Row> classifications) {
    return classifications.filter(col("source").equalTo("ITU_IDI_ANNEX").and(col("iso3").isNotNull()))
        .withColumn("pick", row_number().over(Window.partitionBy("iso3").orderBy(col("edition").desc())))
        .filter(col("pick").equalTo(1))
        .select(col("iso3"), col("region").as("itu_region"),
            when(col("income_group").isin("n.a.", "..", ""), lit(null)).otherwise(col("income_group")).as("income_group"));
  }

  /** The tables in write order (gold.idi_score last: its fingerprint marks the set as complete). */
  public Map<Table, Dataset<Row>> tables(Dataset<Row> observations, Dataset<Row> observationLatest,
      Dataset<Row> classifications) {
    Dataset<Row> classification = cache(annexClassification(classifications));
    IdiScoring scoring = new IdiScoring(methodology);
    IdiImputation imputation = new IdiImputation(methodology);
    Dataset<Row> annex = cache(IdiScoring.annexInputs(observations).withColumn("value_age", lit(null).cast("int")));
    List<Integer> annexEditions = new ArrayList<>();
    annex.select("edition").distinct().collectAsList().forEach(r -> annexEditions.add(r.getInt(0)));
    List<Integer> nowcastEditions = new ArrayList<>();
    methodology.editions().stream().filter(IdiMethodology.Edition::nowcast).map(IdiMethodology.Edition::edition)
        .filter(e -> !annexEditions.contains(e))
        .forEach(nowcastEditions::add);
    Dataset<Row> inputs = imputation.impute(annex, classification);
    if (!nowcastEditions.isEmpty()) {
      Dataset<Row> nowcast = cache(new IdiNowcast(methodology).inputs(observationLatest, nowcastEditions));
      inputs = inputs.unionByName(imputation.impute(nowcast, classification));
    }
    Dataset<Row> indicatorScores = cache(scoring.indicatorScores(cache(inputs)));
    Dataset<Row> reproduced = scoring.scores(indicatorScores.filter(col("edition").isin(annexEditions.toArray())),
        "reproduced");
    Dataset<Row> nowcastScores = scoring.scores(
        indicatorScores.filter(col("edition").isin(nowcastEditions.toArray())), "nowcast");
    Dataset<Row> scores = reproduced.unionByName(nowcastScores).join(classification, new String[] {"iso3"}, "left");
    List<String> order = new ArrayList<>(List.of("iso3", "edition", "itu_region", "income_group"));
    for (String c : reproduced.columns()) {
      if (!order.contains(c)) {
        order.add(c);
      }
    }
    scores = cache(scores.selectExpr(order.stream().map(c -> "`" + c + "`").toArray(String[]::new)));
    Dataset<Row> holdout = cache(imputation.leaveOneOut(annex, classification));

    Map<Table, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(Table.IDI_INDICATOR_SCORE, indicatorScores.drop("fallback_year", "min_official_indicators"));
    out.put(Table.IDI_CHANGE_DECOMPOSITION, IdiAnalysis.decomposition(indicatorScores, scores));
    out.put(Table.IDI_RANK, IdiAnalysis.ranks(scores));
    out.put(Table.IDI_IMPUTATION_HOLDOUT, holdout);
    out.put(Table.IDI_IMPUTATION_EVAL, IdiImputation.summarize(holdout));
    out.put(Table.IDI_SCORE, scores);
    return out;
  }

  /** Materializes a small intermediate result and cuts its plan (the IDI tables reuse each several times). */
  private Dataset<Row> cache(Dataset<Row> ds) {
    Dataset<Row> p = ds.localCheckpoint();
    cached.add(p);
    return p;
  }

  @Override
  public void close() {
    cached.forEach(Dataset::unpersist);
    cached.clear();
  }
}
