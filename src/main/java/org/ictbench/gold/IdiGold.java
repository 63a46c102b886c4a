package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.ConcurrentReads;
import org.ictbench.core.DriverRowsFrame;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;

/**
 * Every gold IDI table from the curated silver tables: editions with ITU input values (the IDI
 * annex) are {@code reproduced}; every other edition of idi/editions.csv with nowcast = true is a {@code nowcast} from
 * silver.observation_latest. Missing inputs are imputed ({@link IdiImputation}), economies below the
 * inclusion rule are {@code excluded}; then the change decomposition, ranks and the imputation's
 * leave-one-out evaluation.
 */
public final class IdiGold {
  /**
   * The logic version of the gold IDI tables: part of their input fingerprint, so a new build
   * recomputes them only when this changes (or their inputs do). Bump it with any change to this class
   * or to the IDI code it calls (scoring, imputation, models, nowcast, backtests, intervals, analysis)
   * that can change a table for the same inputs.
   */
  public static final int LOGIC_VERSION = 4;

  private final IdiMethodology methodology;

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

  /**
   * What the IDI tables are computed from, collected to the driver (bounded by economies, indicators,
   * years and editions): the annex's classification, ITU's inputs per reproduced edition, the newest
   * curated values of the series the models read, and those values as they stood at each reproduced
   * edition (the backtests).
   */
  public static final class Inputs {
    private final List<Row> classification;
    private final List<IdiModels.Cell> annex;
    private final List<IdiNowcast.Latest> latest;
    private final List<IdiBacktest.AsOf> runs;

    private Inputs(List<Row> classification, List<IdiModels.Cell> annex, List<IdiNowcast.Latest> latest,
        List<IdiBacktest.AsOf> runs) {
      this.classification = classification;
      this.annex = annex;
      this.latest = latest;
      this.runs = runs;
    }

    /** The SHA-256 of every value the tables are computed from, in the order they were collected. */
    public String digest() {
      MessageDigest sha = ResourceTable.sha256Digest();
      // the curated values, most of the inputs, field by field; the few other records as text
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          new DigestOutputStream(OutputStream.nullOutputStream(), sha)))) {
        Consumer<Object> add = o -> {
          try {
            out.writeUTF(String.valueOf(o));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
        classification.forEach(add);
        add.accept("annex");
        annex.forEach(add);
        add.accept("latest");
        for (IdiNowcast.Latest l : latest) {
          put(out, l);
        }
        for (IdiBacktest.AsOf run : runs) {
          add.accept("as of " + run.edition().edition() + " lag " + run.lag());
          for (IdiNowcast.Latest l : run.latest()) {
            put(out, l);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e); // not reached: the stream only feeds the digest
      }
      return HexFormat.of().formatHex(sha.digest());
    }

    private static void put(DataOutputStream out, IdiNowcast.Latest l) throws IOException {
      text(out, l.iso3());
      text(out, l.indicator());
      out.writeByte(l.year() == null ? 0 : 1);
      out.writeInt(l.year() == null ? 0 : l.year());
      out.writeByte(l.value() == null ? 0 : 1);
      out.writeLong(l.value() == null ? 0 : Double.doubleToLongBits(l.value()));
      text(out, l.valueFlag());
      out.writeByte(l.realTime() == null ? 2 : l.realTime() ? 1 : 0);
    }

    private static void text(DataOutputStream out, String s) throws IOException {
      out.writeByte(s == null ? 0 : 1);
      out.writeUTF(s == null ? "" : s);
    }
  }

  /** The tables, by table ({@code IdiStage} declares the order they are written in). */
  public Map<Table, Dataset<Row>> tables(Dataset<Row> observations, Dataset<Row> observationLatest,
      Dataset<Row> classifications) {
    return tables(observations.sparkSession(), collect(observations, observationLatest, classifications));
  }

  /**
   * Collects what the tables are computed from: the only Spark queries of the IDI tables. The
   * classification and the newest values are read while the annex and, from its editions, the as-of
   * views are.
   */
  public Inputs collect(Dataset<Row> observations, Dataset<Row> observationLatest, Dataset<Row> classifications) {
    try (ConcurrentReads reads = new ConcurrentReads("idi-read", 2)) {
      Future<List<Row>> classification = reads.submit(() -> annexClassification(classifications)
          .select("iso3", "itu_region", "income_group").collectAsList());
      Future<List<IdiNowcast.Latest>> latest = reads.submit(() -> IdiNowcast.collect(
          seriesRows(observationLatest, seriesIndicators())));
      List<IdiModels.Cell> annex = IdiImputation.cells(IdiScoring.annexInputs(observations));
      List<IdiBacktest.AsOf> runs = new IdiBacktest(methodology).asOf(observations,
          Catalog.load().sourceTable(observations.sparkSession()), annexEditions(annex), seriesIndicators());
      return new Inputs(ConcurrentReads.get(classification), annex, ConcurrentReads.get(latest), runs);
    }
  }

  private static List<Integer> annexEditions(List<IdiModels.Cell> annex) {
    return new ArrayList<>(new TreeSet<>(annex.stream().map(IdiModels.Cell::edition).toList()));
  }

  /** The tables from their collected inputs, computed on the driver. */
  public Map<Table, Dataset<Row>> tables(SparkSession spark, Inputs in) {
    List<Row> classification = in.classification;
    Map<String, String[]> cls = IdiImputation.classificationMap(classification);
    IdiScoring scoring = new IdiScoring(methodology);
    IdiImputation imputation = new IdiImputation(methodology);
    List<IdiModels.Cell> annex = in.annex;
    List<Integer> annexEditions = annexEditions(annex);
    List<Integer> nowcastEditions = new ArrayList<>();
    methodology.editions().stream().filter(IdiMethodology.Edition::nowcast).map(IdiMethodology.Edition::edition)
        .filter(e -> !annexEditions.contains(e))
        .forEach(nowcastEditions::add);
    java.util.Set<String> seriesIndicators = seriesIndicators();
    List<IdiNowcast.Latest> latest = in.latest;
    IdiModels.Series series = IdiImputation.series(latest);

    // reproduced editions: ITU's inputs; the chains are chosen by leave-one-out on their official values
    Map<Integer, IdiModels.Frame> reproduced = imputation.withAllIndicators(imputation.frames(annex, series));
    IdiImputation.Evaluation ev = imputation.evaluate(reproduced, cls);
    Map<Integer, IdiModels.Frame> filled = new TreeMap<>();
    reproduced.forEach((e, f) -> filled.put(e, modelsOf(ev, f).impute(f, f, ev.choice(f.edition.methodology()))));
    // nowcast editions: the newest curated values, older ones moved by their peers' trend, the rest imputed
    if (!nowcastEditions.isEmpty()) {
      List<IdiModels.Cell> nowcast = new IdiNowcast(methodology).inputs(latest, nowcastEditions).stream()
          .map(IdiNowcast.Input::cell).toList();
      imputation.withAllIndicators(imputation.frames(nowcast, series)).forEach((e, f) -> {
        IdiModels models = modelsOf(ev, f);
        IdiModels.Frame aged = models.age(f, IdiNowcast.TREND_MIN_AGE);
        filled.put(e, models.impute(aged, aged, ev.choice(f.edition.methodology())));
      });
    }
    // backtests of the reproduced editions as nowcasts, and the intervals calibrated on them
    IdiBacktest backtest = new IdiBacktest(methodology);
    List<IdiBacktest.AsOf> runs = in.runs;
    IdiBacktest.Result bt = backtest.run(runs, reproduced, filled, ev, cls, seriesIndicators);
    IdiIntervals.Model intervalModel = IdiIntervals.fit(bt.inputResiduals(), bt.scoreResiduals(),
        IdiBacktest.goalposts(ev), iso3 -> true);

    List<IdiModels.Cell> inputs = new ArrayList<>();
    filled.values().forEach(f -> inputs.addAll(f.all()));
    List<Row> indicatorScores = scoring.indicatorScoreRows(inputs);
    List<Row> scores = new ArrayList<>(scoring.scoreRows(ofEditions(indicatorScores, annexEditions), "reproduced"));
    scores.addAll(scoring.scoreRows(ofEditions(indicatorScores, nowcastEditions), "nowcast"));
    StructType scoreTable = scoreTable(scoring.scoreSchema());
    List<Row> scoreRows = withIntervals(scores, scoreTable, cls,
        intervalOffsets(filled, annexEditions, ev, intervalModel));
    List<Row> holdout = IdiImputation.holdoutRows(ev, cls);

    Map<Table, Dataset<Row>> out = new LinkedHashMap<>();
    out.put(Table.IDI_INDICATOR_SCORE, withoutColumns(spark, indicatorScores, IdiScoring.INDICATOR_SCORE,
        IdiScoring.SCORE_INPUT_ONLY));
    out.put(Table.IDI_CHANGE_DECOMPOSITION, DriverRowsFrame.of(spark,
        IdiAnalysis.decompositionRows(indicatorScores, scoreRows), IdiAnalysis.DECOMPOSITION));
    out.put(Table.IDI_RANK, DriverRowsFrame.of(spark, IdiAnalysis.rankRows(scoreRows), IdiAnalysis.RANK));
    out.put(Table.IDI_IMPUTATION_HOLDOUT, DriverRowsFrame.of(spark, holdout, IdiImputation.HOLDOUT));
    out.put(Table.IDI_IMPUTATION_EVAL, DriverRowsFrame.of(spark, IdiImputation.summarize(holdout),
        IdiImputation.EVAL));
    out.put(Table.IDI_IMPUTATION_MODEL, IdiImputation.modelTable(spark, ev));
    out.put(Table.IDI_NOWCAST_BACKTEST, IdiBacktest.summaryTable(spark, bt));
    out.put(Table.IDI_NOWCAST_BACKTEST_ECONOMY, IdiBacktest.economyTable(spark, bt));
    out.put(Table.IDI_INTERVAL_CALIBRATION, IdiBacktest.calibrationTable(spark, intervalModel,
        IdiBacktest.calibratedOn(runs)));
    out.put(Table.IDI_SCORE, DriverRowsFrame.of(spark, scoreRows, scoreTable));
    return out;
  }

  /** The rows as a Dataset without {@code dropped}, which only the scoring reads. */
  private static Dataset<Row> withoutColumns(SparkSession spark, List<Row> rows, StructType schema,
      List<String> dropped) {
    int[] kept = IntStream.range(0, schema.size())
        .filter(i -> !dropped.contains(schema.fields()[i].name())).toArray();
    StructType keptSchema = new StructType(Arrays.stream(kept).mapToObj(i -> schema.fields()[i])
        .toArray(StructField[]::new));
    List<Row> keptRows = new ArrayList<>(rows.size());
    for (Row r : rows) {
      Object[] v = new Object[kept.length];
      for (int i = 0; i < kept.length; i++) {
        v[i] = r.get(kept[i]);
      }
      keptRows.add(RowFactory.create(v));
    }
    return DriverRowsFrame.of(spark, keptRows, keptSchema);
  }

  private static List<Row> ofEditions(List<Row> indicatorScores, List<Integer> editions) {
    return indicatorScores.stream().filter(r -> editions.contains(r.<Integer>getAs("edition"))).toList();
  }

  /**
   * gold.idi_score's columns: the scores' with the ITU classification after the keys and the intervals
   * after the pillars.
   */
  private static StructType scoreTable(StructType scores) {
    StructType t = new StructType().add(scores.apply("iso3")).add(scores.apply("edition"))
        .add("itu_region", DataTypes.StringType).add("income_group", DataTypes.StringType);
    for (StructField f : scores.fields()) {
      if (!f.name().equals("iso3") && !f.name().equals("edition")) {
        t = t.add(f);
      }
      if (f.name().equals("meaningful")) {
        for (String c : INTERVAL_COLUMNS) {
          t = t.add(c, DataTypes.DoubleType);
        }
      }
    }
    return t;
  }

  private static IdiModels modelsOf(IdiImputation.Evaluation ev, IdiModels.Frame f) {
    return ev.models().get(f.edition.methodology());
  }

  /** Every indicator of the methodologies and every non-IDI predictor of idi/imputation_models.csv. */
  private java.util.Set<String> seriesIndicators() {
    java.util.Set<String> indicators = new java.util.TreeSet<>();
    for (IdiMethodology.Edition e : methodology.editions()) {
      indicators.addAll(methodology.indicators(e.methodology()));
      methodology.modelCandidates(e.methodology()).forEach(c -> c.predictors().forEach(p ->
          java.util.Optional.ofNullable(IdiModels.seriesIndicator(p)).ifPresent(indicators::add)));
    }
    return indicators;
  }

  /**
   * The curated values the models and the nowcast read, for the years the editions can reach (a
   * nowcast's window, reference year − carry_forward_max_years, is inside it).
   */
  private Dataset<Row> seriesRows(Dataset<Row> observationLatest, java.util.Set<String> indicators) {
    int minYear = methodology.editions().stream().mapToInt(e -> e.fallbackYear() - 2 * e.carryForwardMaxYears())
        .min().orElse(0);
    return observationLatest.filter(col("indicator").isin(indicators.toArray()).and(col("year").geq(minYear)))
        .select("iso3", "indicator", "year", "value", "value_flag");
  }

  static final List<String> INTERVAL_COLUMNS = List.of("idi_low", "idi_high", "universal_low", "universal_high",
      "meaningful_low", "meaningful_high");

  /**
   * Each complete economy's interval offsets (iso3|edition → low and high per measure, in
   * {@link IdiModels#MEASURES} order; add them to the score): reproduced editions' ITU inputs carry no
   * error, so only imputed inputs widen their intervals.
   */
  private static Map<String, Double[]> intervalOffsets(Map<Integer, IdiModels.Frame> filled,
      List<Integer> reproducedEditions, IdiImputation.Evaluation ev, IdiIntervals.Model model) {
    Map<String, Double[]> out = new HashMap<>();
    for (IdiModels.Frame f : filled.values()) {
      IdiModels models = ev.models().get(f.edition.methodology());
      boolean itu = reproducedEditions.contains(f.edition.edition());
      for (String iso3 : f.economies()) {
        Map<String, String> classes = new LinkedHashMap<>();
        for (String i : models.indicators()) {
          IdiModels.Cell c = f.cell(iso3, i);
          if (c != null && c.value() != null) {
            classes.put(i, IdiIntervals.inputClass(c, f.referenceYear(), itu));
          }
        }
        if (classes.size() < models.indicators().size()) {
          continue;
        }
        Double[] v = new Double[2 * IdiModels.MEASURES.size()];
        for (int m = 0; m < IdiModels.MEASURES.size(); m++) {
          double[] o = model.offsets(IdiModels.MEASURES.get(m), classes);
          v[2 * m] = o == null ? null : o[0];
          v[2 * m + 1] = o == null ? null : o[1];
        }
        out.put(iso3 + "|" + f.edition.edition(), v);
      }
    }
    return out;
  }

  /**
   * The score rows in gold.idi_score's columns: the economy's ITU region and income group, and
   * idi_low … meaningful_high (score + offset, within [0, 100]) where the score and its offset exist.
   */
  private static List<Row> withIntervals(List<Row> scores, StructType table, Map<String, String[]> classification,
      Map<String, Double[]> offsets) {
    List<Row> out = new ArrayList<>();
    for (Row r : scores) {
      String iso3 = r.getAs("iso3");
      String[] cls = classification.getOrDefault(iso3, new String[2]);
      Double[] off = offsets.get(iso3 + "|" + r.<Integer>getAs("edition"));
      Object[] v = new Object[table.size()];
      for (int i = 0; i < v.length; i++) {
        String name = table.fields()[i].name();
        int m = INTERVAL_COLUMNS.indexOf(name);
        if (name.equals("itu_region") || name.equals("income_group")) {
          v[i] = cls[name.equals("itu_region") ? 0 : 1];
        } else if (m >= 0) {
          Double score = r.getAs(IdiModels.MEASURES.get(m / 2));
          Double o = off == null ? null : off[m];
          v[i] = score == null || o == null ? null : Math.min(100.0, Math.max(0.0, score + o));
        } else {
          v[i] = r.get(r.fieldIndex(name));
        }
      }
      out.add(new GenericRowWithSchema(v, table));
    }
    return out;
  }

}
