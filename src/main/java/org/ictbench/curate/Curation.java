package org.ictbench.curate;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.unix_date;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.sketch.BloomFilter;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.SourceFormat;

/**
 * Silver curation: bronze records → value slots → routed to exactly one of observation, aggregate,
 * classification or quarantine (with a reason code). Every method is a plain function of Datasets
 * (entities are resolved in the same pass as the slots, by the broadcast country resolver: see
 * {@link EntityResolution}); reading and writing tables is the caller's business.
 */
public final class Curation {
  public static final String OBSERVATION = "observation";
  public static final String AGGREGATE = "aggregate";
  public static final String CLASSIFICATION = "classification";
  public static final String QUARANTINE = "quarantine";

  /**
   * False-positive rate of {@link #mayHoldQuarantined}'s filter: one clean record in a thousand joins
   * for nothing, for a filter of under two bytes per error slot.
   */
  private static final double QUARANTINE_FILTER_FPP = 0.001;
  /**
   * The filter is sized for at most this many records (~7 MB at 0.1%; Spark's own runtime Bloom
   * filters stop at the same count). Slots can outnumber their records (a WDI record holds ~60), and
   * past the size only the false-positive rate grows, never a record is lost.
   */
  private static final long QUARANTINE_FILTER_MAX_ITEMS = 4_000_000L;

  private final SparkSession spark;
  private final CountryResolver resolver;
  private final Catalog catalog;
  private final ReasonRules rules;

  public Curation(SparkSession spark) {
    this(spark, ReferenceData.builtIn());
  }

  /** Curation with the country resolver and the catalog as {@code reference} gives them. */
  public Curation(SparkSession spark, ReferenceData reference) {
    this(spark, CountryResolver.load(reference), Catalog.load(reference));
  }

  Curation(SparkSession spark, CountryResolver resolver, Catalog catalog) {
    this.spark = spark;
    this.resolver = resolver;
    this.catalog = catalog;
    this.rules = new ReasonRules(catalog.reasonCodes());
  }

  public CountryResolver resolver() {
    return resolver;
  }

  public Catalog catalog() {
    return catalog;
  }

  /**
   * Routes every value slot of the given bronze records. The result has the lineage columns, the
   * parsed fields ({@code iso3}, {@code aggregate_code}, {@code indicator_id}, {@code year},
   * {@code value}...), {@code destination} and, for quarantined slots, {@code reason_code} and
   * {@code reason_detail}. Same as {@code route(check(bronze), duplicates(check(bronze)), false,
   * fileLineage(bronze).distinct())}; the pipeline calls the steps itself so that it can cache the
   * checked slots once.
   */
  public Dataset<Row> route(Dataset<Row> bronze) {
    Dataset<Row> checked = check(bronze);
    return route(checked, duplicates(checked), false, fileLineage(bronze).distinct());
  }

  /**
   * {@code file_sha256} and the lineage that is the same for every record of a file ({@code run_id},
   * {@code format}, {@code file_uri}, {@code file_name}, {@code vintage}), projected from rows that
   * have those columns: bronze records (then take {@code distinct()}) or one row per file (the
   * scanned files with the run's {@code run_id}, as the pipeline does, which needs no pass over
   * bronze). The checked slots leave these out; {@link #route(Dataset, Dataset, boolean, Dataset)}
   * joins them back by checksum, which names one file in bronze (a run ingests each checksum once).
   */
  public static Dataset<Row> fileLineage(Dataset<Row> rows) {
    List<Column> cols = new ArrayList<>();
    cols.add(col("file_sha256"));
    SlotExtraction.FILE_LINEAGE.forEach(c -> cols.add(col(c)));
    return rows.select(cols.toArray(new Column[0]));
  }

  /**
   * Every value slot of the given bronze records with its entity resolved, its year and value parsed
   * and the first failed per-slot rule in {@code reason_code} (null = passed). The within-file
   * duplicate rules, which compare slots with each other, are not applied yet: see {@link #duplicates}.
   * Of the lineage, a slot has {@code source_id}, {@code file_sha256} and {@code record_number};
   * the per-file rest comes back in {@link #route(Dataset, Dataset, boolean, Dataset)}.
   */
  public Dataset<Row> check(Dataset<Row> bronze) {
    Dataset<Row> slots = SlotExtraction.slots(bronze);
    Dataset<Row> withIndicator = slots.join(broadcast(catalog.codeMap(spark)),
        slots.col("source_id").equalTo(col("map_source_id")).and(slots.col("publisher_code").equalTo(col("map_code"))),
        "left");
    Dataset<Row> resolved = EntityResolution.resolve(withIndicator, resolver);
    Dataset<Row> parsed = resolved
        .withColumn("year", ValueParsing.year(col("year_raw")))
        .withColumn("value", ValueParsing.value(col("value_raw")));
    return parsed.withColumn("reason_code", rules.reason())
        .withColumn("reason_detail", rules.detail(col("reason_code")))
        // Inputs of the rules only: the pipeline caches these slots, so they should not carry them.
        .drop("map_source_id", "map_code", "min_value", "max_value", "candidates", "matched_by");
  }

  /**
   * The within-file duplicate verdicts for {@code checked} slots: one row per slot that is part of a
   * conflict (the same economy, indicator and year with different values in one file) or is an exact
   * repeat of an earlier slot, keyed by {@code d_sha}, {@code d_record}, {@code d_slot}, with
   * {@code dup_code} and {@code dup_detail}. Computed on a narrow projection of the slots that passed
   * every other rule, so the shuffle it needs carries six columns, not the whole slot; the verdicts
   * are normally few (publishers rarely repeat themselves), which lets {@link #route(Dataset, Dataset,
   * boolean, Dataset)} broadcast them.
   */
  public Dataset<Row> duplicates(Dataset<Row> checked) {
    Column entity = coalesce(col("iso3"), col("aggregate_code"));
    Dataset<Row> candidates = checked
        .filter(col("reason_code").isNull().and(col("slot_kind").equalTo("value")))
        .select(col("file_sha256"), entity.as("entity"), col("indicator_id"), col("year"), col("record_number"),
            col(SlotExtraction.SLOT_NUMBER), col("value"));
    WindowSpec key = Window.partitionBy(col("file_sha256"), col("entity"), col("indicator_id"), col("year"));
    Column values = array_sort(collect_set(col("value")).over(key));
    Column rank = row_number().over(key.orderBy(col("record_number"), col(SlotExtraction.SLOT_NUMBER)));
    Column conflict = size(col("values")).gt(1);
    Column repeat = size(col("values")).equalTo(1).and(col("rank").gt(1));
    boolean conflictFirst = rules.order("DUPLICATE_CONFLICT") < rules.order("DUPLICATE_EXACT");
    Column conflictDetail = concat(lit("conflicting values "),
        array_join(col("values").cast("array<string>"), " / "), lit(" in one file"));
    Column repeatDetail = concat(lit("exact repeat of record "), col("first_record").cast("string"));
    Column code = conflictFirst
        ? when(conflict, "DUPLICATE_CONFLICT").when(repeat, "DUPLICATE_EXACT")
        : when(repeat, "DUPLICATE_EXACT").when(conflict, "DUPLICATE_CONFLICT");
    // Only the count runs over every candidate; the keys it finds repeated (normally a small share)
    // are the only ones whose values are collected and sorted and whose slots are ranked.
    return candidates
        .withColumn("slots_in_key", count(lit(1)).over(key))
        .filter(col("slots_in_key").gt(1))
        .withColumn("values", values)
        .withColumn("rank", rank)
        .withColumn("first_record", min(col("record_number")).over(key))
        .withColumn("dup_code", code)
        .filter(col("dup_code").isNotNull())
        .select(col("file_sha256").as("d_sha"), col("record_number").as("d_record"),
            col(SlotExtraction.SLOT_NUMBER).as("d_slot"), col("dup_code"),
            when(conflict, conflictDetail).otherwise(repeatDetail).as("dup_detail"));
  }

  /**
   * Applies the duplicate {@code verdicts} to the {@code checked} slots, sets each slot's
   * {@code destination} and joins back each slot's per-file lineage from {@code files} (see
   * {@link #fileLineage}; broadcast: one row per file). With {@code broadcastVerdicts} the verdicts
   * are sent to every task instead of shuffling the slots to meet them: right when they are few,
   * which is the caller's call.
   */
  public Dataset<Row> route(Dataset<Row> checked, Dataset<Row> verdicts, boolean broadcastVerdicts,
      Dataset<Row> files) {
    Dataset<Row> v = broadcastVerdicts ? broadcast(verdicts) : verdicts;
    Dataset<Row> f = broadcast(files.withColumnRenamed("file_sha256", "f_sha"));
    return checked.join(v, checked.col("file_sha256").equalTo(v.col("d_sha"))
            .and(checked.col("record_number").equalTo(v.col("d_record")))
            .and(checked.col(SlotExtraction.SLOT_NUMBER).equalTo(v.col("d_slot"))), "left")
        .withColumn("reason_detail", when(col("reason_code").isNull(), col("dup_detail")).otherwise(col("reason_detail")))
        .withColumn("reason_code", coalesce(col("reason_code"), col("dup_code")))
        .drop("d_sha", "d_record", "d_slot", "dup_code", "dup_detail")
        .withColumn("destination",
            when(col("reason_code").isNotNull(), QUARANTINE)
                .when(col("slot_kind").equalTo("classification"), CLASSIFICATION)
                .when(col("entity_status").equalTo("AGGREGATE"), AGGREGATE)
                .otherwise(OBSERVATION))
        .join(f, col("file_sha256").equalTo(f.col("f_sha")), "left")
        .drop("f_sha");
  }

  // ---- projections of the routed slots onto the silver tables -------------------------------

  /** silver.observation rows. */
  public static Dataset<Row> observations(Dataset<Row> routed) {
    return routed.filter(col("destination").equalTo(OBSERVATION)).select(
        col("iso3"), col("indicator_id").as("indicator"), col("year"), col("value"), col("unit"),
        col("source_id").as("source"), col("vintage"), valueFlag().as("value_flag"),
        col("publisher_code"), col("unit_label").as("publisher_unit_label"), unitLabelMismatch(),
        notes().as("note"), col("value_raw").as("raw_value"),
        col("run_id"), col("file_uri"), col("file_sha256"), col("record_number"));
  }

  /** silver.aggregate_observation rows: publisher aggregates (regions, income groups, world). */
  public static Dataset<Row> aggregates(Dataset<Row> routed) {
    return routed.filter(col("destination").equalTo(AGGREGATE)).select(
        col("aggregate_code"), col("entity_name").as("aggregate_name"), col("publisher"),
        col("indicator_id").as("indicator"), col("year"), col("value"), col("unit"),
        col("source_id").as("source"), col("vintage"), col("publisher_code"), col("value_raw").as("raw_value"),
        col("run_id"), col("file_uri"), col("file_sha256"), col("record_number"));
  }

  /** silver.economy_classification rows: region and income group as each publisher states them. */
  public static Dataset<Row> classifications(Dataset<Row> routed) {
    return routed.filter(col("destination").equalTo(CLASSIFICATION)).select(
        coalesce(col("iso3"), col("aggregate_code")).as("entity_code"),
        when(col("iso3").isNotNull(), "economy").otherwise("aggregate").as("entity_kind"),
        col("iso3"), col("entity_name"), blankToNull(col("region")).as("region"),
        incomeGroup().as("income_group"),
        col("source_id").as("source"), col("vintage"),
        when(col("source_id").equalTo("ITU_IDI_ANNEX"), ValueParsing.year(col("year_raw"))).as("edition"),
        col("run_id"), col("file_uri"), col("file_sha256"), col("record_number"),
        when(col("source_id").equalTo("WB_OGHIST"), ValueParsing.year(col("year_raw"))).as("fiscal_year"));
  }

  /**
   * Income group as the publisher states it, except World Bank OGHIST's letter codes, normalized to
   * WDI's aggregate codes: L → LIC, LM (and the footnoted LM*) → LMC, UM → UMC, H → HIC; {@code ..}
   * (not classified) → null.
   */
  private static Column incomeGroup() {
    Column g = upper(regexp_replace(trim(col("income_group")), "[*]+$", ""));
    return when(col("source_id").equalTo("WB_OGHIST"),
            when(g.equalTo("L"), "LIC").when(g.equalTo("LM"), "LMC").when(g.equalTo("UM"), "UMC")
                .when(g.equalTo("H"), "HIC").when(g.equalTo("..").or(g.equalTo("")), lit(null).cast("string"))
                .otherwise(col("income_group")))
        .otherwise(blankToNull(col("income_group")));
  }

  /**
   * silver.group_membership: the peer-group membership lists (format PEER_GROUP_MEMBERSHIP), one row
   * per (group, economy, membership spell), dates kept as the strings the list gives (partial dates
   * such as {@code 2012-04} allowed).
   */
  public static Dataset<Row> groupMembership(Dataset<Row> bronze) {
    return bronze.filter(col("format").equalTo(SourceFormat.PEER_GROUP_MEMBERSHIP.name())
            .and(not(BronzeSchemas.isMalformed(col("fields")))))
        .select(field("group_id"), field("group_name"), upper(trim(field("iso3"))).as("iso3"),
            field("country_name"), field("membership_status"), field("joined"), field("left"), field("notes"),
            field("source_url"), col("vintage"), col("run_id"), col("file_uri"), col("file_sha256"),
            col("record_number"));
  }

  private static Column field(String name) {
    return blankToNull(org.apache.spark.sql.functions.try_element_at(col("fields"), lit(name))).as(name);
  }

  /**
   * silver.quarantine rows: the reason, the raw slot fields, the lineage and, for a slot whose reason
   * is an error ({@code severity} in {@code rules/reason_code.csv}), its whole raw record, joined back
   * from {@code bronze} (the records the slots were routed from, or any part of them that holds every
   * such slot's record, such as the records {@link #mayHoldQuarantined} lets through). A slot quarantined
   * for an {@code info} reason (a missing-value marker, an exact repeat) gets a null
   * {@code raw_record}: its row already holds all the record says about it (entity, code, year, raw
   * value, the repeat's first record), and the record stays in bronze.raw_record under the same
   * {@code file_sha256} and {@code record_number}. Copying it would cost one map per slot: a WDI row
   * with 60 empty years would be stored 60 times.
   */
  public Dataset<Row> quarantine(Dataset<Row> routed, Dataset<Row> bronze) {
    Dataset<Row> raw = bronze.select(col("file_sha256").as("b_sha"), col("record_number").as("b_record"),
        col("fields").as("raw_record"));
    Dataset<Row> errors = routed.filter(quarantinedForError());
    Dataset<Row> withRecord = errors.join(raw, errors.col("file_sha256").equalTo(raw.col("b_sha"))
        .and(errors.col("record_number").equalTo(raw.col("b_record"))), "left");
    Dataset<Row> info = routed.filter(col("destination").equalTo(QUARANTINE).and(not(rules.isError())))
        .withColumn("raw_record", lit(null).cast(raw.schema().apply("raw_record").dataType()));
    return quarantineColumns(withRecord).union(quarantineColumns(info));
  }

  private static Dataset<Row> quarantineColumns(Dataset<Row> q) {
    return q.select(col("reason_code"), col("reason_detail"), col("source_id").as("source"), col("format"),
        col("publisher_code"), col("entity_code"), col("entity_name"), col("year_raw"), col("value_raw"),
        col("raw_record"), col("vintage"),
        col("run_id"), col("file_uri"), col("file_sha256"), col("record_number"));
  }

  /**
   * A predicate on bronze records that holds for every record that a slot quarantined for an error
   * came from (the records {@link #quarantine} copies), and for about 0.1% of the others: a Bloom filter
   * (Spark's {@code stat().bloomFilter}) of those slots' (checksum, record number) hashes, built by one
   * Spark job over the routed slots and broadcast. Cutting bronze down with it before
   * {@link #quarantine}'s join means the join shuffles and sorts the few records that hold such a slot
   * instead of every record. A false positive only sends one more record into the join, which drops
   * it. The number of error slots in {@code routedCounts} (the {@link #routedCounts} of {@code routed};
   * one small job) sizes the filter; with none the predicate is {@code false} and no filter is built.
   */
  public Column mayHoldQuarantined(Dataset<Row> routed, Dataset<Row> routedCounts) {
    long errorSlots = routedCounts.filter(quarantinedForError())
        .agg(coalesce(sum(col("rows")), lit(0L))).first().getLong(0);
    if (errorSlots == 0) {
      return lit(false);
    }
    BloomFilter bloom = routed.filter(quarantinedForError())
        .select(recordHash().as("record_hash"))
        .stat()
        .bloomFilter("record_hash", Math.min(errorSlots, QUARANTINE_FILTER_MAX_ITEMS), QUARANTINE_FILTER_FPP);
    Broadcast<BloomFilter> shared = JavaSparkContext.fromSparkContext(routed.sparkSession().sparkContext())
        .broadcast(bloom);
    UserDefinedFunction contains = udf((UDF1<Long, Boolean>) h -> shared.value().mightContainLong(h),
        DataTypes.BooleanType);
    return contains.apply(recordHash());
  }

  /** Routed slots (or their counts) quarantined for a reason of severity error: the ones whose record is copied. */
  private Column quarantinedForError() {
    return col("destination").equalTo(QUARANTINE).and(rules.isError());
  }

  /** One long per record (Spark's xxhash64 of checksum and record number), the same on slots and bronze. */
  private static Column recordHash() {
    return xxhash64(col("file_sha256"), col("record_number"));
  }

  /**
   * The routed slots counted per file, destination and reason code ({@code file_sha256},
   * {@code destination}, {@code reason_code}, {@code rows}): one pass over the routed slots gives both
   * the identity check ({@link #identity}) and silver.run_metrics, whose rows these are before the
   * file's path and layout are joined on. Small: files x destinations x reason codes.
   */
  public static Dataset<Row> routedCounts(Dataset<Row> routed) {
    return routed.groupBy("file_sha256", "destination", "reason_code").agg(count(lit(1)).as("rows"));
  }

  /**
   * Per file: value slots announced by bronze vs rows routed to each destination, from the
   * {@link #routedCounts} of the routed slots. A row whose {@code slots} differs from {@code routed}
   * breaks the identity.
   */
  public static Dataset<Row> identity(Dataset<Row> bronze, Dataset<Row> routedCounts) {
    Dataset<Row> announced = bronze.groupBy("file_uri", "file_sha256")
        .agg(count(lit(1)).as("records"), sum("slot_count").as("slots"));
    Dataset<Row> landed = routedCounts.groupBy(col("file_sha256").as("r_sha"))
        .agg(sum(col("rows")).as("routed"), rowsTo(OBSERVATION).as("observations"),
            rowsTo(AGGREGATE).as("aggregates"), rowsTo(CLASSIFICATION).as("classifications"),
            rowsTo(QUARANTINE).as("quarantined"));
    return announced.join(landed, announced.col("file_sha256").equalTo(landed.col("r_sha")), "left").drop("r_sha")
        .na().fill(0, new String[] {"routed", "observations", "aggregates", "classifications", "quarantined"});
  }

  private static Column rowsTo(String destination) {
    return sum(when(col("destination").equalTo(destination), col("rows")).otherwise(lit(0L)));
  }

  /**
   * The logic version of {@link #latest}: part of silver.observation_latest's input fingerprint, so a
   * new build recomputes the table only when this changes (or its inputs do). Bump it with any change
   * to {@link #latest}, or to code it calls, that can change the table for the same inputs.
   */
  public static final int LATEST_LOGIC_VERSION = 1;

  /**
   * silver.observation_latest: one value per economy, indicator and year, chosen by source
   * precedence ({@code catalog/source.csv}, 1 first), then newest vintage (none last), then the
   * smallest {@code file_sha256} and {@code record_number}. {@code candidates} says how many values
   * (sources x vintages) competed.
   *
   * <p>One window over the observations, partitioned by economy, indicator and year and ordered by
   * (precedence, vintage) encoded as one long, then file and record: one shuffle and one sort, which
   * also gives each key's candidate count.
   */
  public static Dataset<Row> latest(Dataset<Row> observations, Dataset<Row> sources) {
    Dataset<Row> ranked = observations
        .join(broadcast(sources.select(col("source_id").as("source"), col("precedence"))), "source")
        .withColumn("_rank", precedenceRank(col("precedence"), col("vintage")));
    WindowSpec key = Window.partitionBy("iso3", "indicator", "year");
    return ranked.withColumn("candidates", count(lit(1)).over(key))
        .withColumn("pick", row_number().over(key.orderBy(col("_rank"), col("file_sha256"), col("record_number"))))
        .filter(col("pick").equalTo(1))
        .drop("pick", "_rank");
  }

  /**
   * One long that orders like (precedence ascending, nulls first; vintage descending, nulls last),
   * the order {@link #latest} picks by: precedence in the high 32 bits, 2^31 - 1 minus the vintage's
   * day number (or 2^32 - 1 for no vintage) in the low 32. Spark's dates span days -719,162 to
   * 2,932,896, so the low part stays within 0 .. 2^32 - 1 and the encoding is one-to-one.
   */
  static Column precedenceRank(Column precedence, Column vintage) {
    Column high = coalesce(precedence.cast("long"), lit((long) Integer.MIN_VALUE)).multiply(lit(1L << 32));
    Column low = coalesce(lit((long) Integer.MAX_VALUE).minus(unix_date(vintage).cast("long")),
        lit((1L << 32) - 1));
    return high.plus(low);
  }

  /** silver.country: the economies the resolver knows, with names in English, Russian and Chinese. */
  public static Dataset<Row> countryTable(SparkSession spark) {
    return countryTable(spark, ReferenceData.builtIn());
  }

  /** {@link #countryTable(SparkSession)} from reference/country.csv as {@code reference} gives it. */
  public static Dataset<Row> countryTable(SparkSession spark, ReferenceData reference) {
    ResourceTable t = reference.table("reference/country.csv");
    StructType schema = new StructType();
    for (String c : List.of("iso3", "iso2", "m49", "name_en", "name_ru", "name_zh", "official_name_en", "un_region",
        "un_subregion", "iso_status", "note")) {
      schema = schema.add(c, DataTypes.StringType);
    }
    return t.toDataset(spark, schema);
  }

  private static Column valueFlag() {
    Column flag = trim(col("flag_raw"));
    return when(col("source_id").equalTo("ITU_IDI_ANNEX"),
            when(flag.isNull().or(flag.equalTo("")), "official").when(flag.equalTo("E"), "estimate")
                .when(flag.rlike("^[0-9]{4}$"), "lagged").otherwise(concat(lit("flag "), flag)))
        .when(col("source_id").isin("ITU_DATAHUB", "ITU_WTI_XLS"),
            when(lower(coalesce(flag, lit(""))).contains("estimate"), "estimate").otherwise("official"))
        .when(col("source_id").equalTo("ITU_AGGREGATES"), "estimate") // "All data are ITU estimates"
        .when(col("source_id").equalTo("ITU_CORE_HH"), "official")
        .otherwise("published");
  }

  private static Column unitLabelMismatch() {
    return when(col("publisher_unit_labels").isNull(), lit(null).cast("boolean"))
        .otherwise(coalesce(trim(col("unit_label")), lit("")).notEqual(col("publisher_unit_labels")))
        .as("unit_label_mismatch");
  }

  private static Column notes() {
    Column marker = when(ValueParsing.hasFootnoteMarker(col("value_raw")), lit("footnote marker stripped from value"));
    return blankToNull(org.apache.spark.sql.functions.concat_ws("; ", blankToNull(col("note")), marker));
  }

  private static Column blankToNull(Column c) {
    return when(trim(c).equalTo(""), lit(null).cast("string")).otherwise(c);
  }
}
