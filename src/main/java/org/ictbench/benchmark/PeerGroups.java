package org.ictbench.benchmark;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_date;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;

/**
 * Peer groups as data. Three kinds (column {@code kind} of {@code groups/group.csv}):
 * <ul>
 *   <li>{@code listed}: dated membership rows ({@code groups/membership.csv}, or a user file);</li>
 *   <li>{@code itu_region}: the ITU region each economy has in the IDI annex
 *       (silver.economy_classification, source ITU_IDI_ANNEX), plus any listed rows of the group;</li>
 *   <li>{@code wb_income}: the World Bank income group of the fiscal year that classifies the data
 *       year (FY = year + 2, the classification computed from that year's GNI per capita), from WB_OGHIST
 *       rows, else the nearest WDI Metadata_Country classification within {@link #MAX_FY_DISTANCE}.</li>
 * </ul>
 * Year rule for dated rows: an economy belongs to a group in year Y when it is a member on 31 December
 * of Y (joined ≤ Y-12-31 and left, if any, &gt; Y-12-31). Partial dates: a joined date {@code YYYY-MM}
 * or {@code YYYY} means the first day of that month/year, a left date the last day (so a year-only
 * left date excludes that year). An empty joined date means "always", an empty left date "still".
 */
public final class PeerGroups {
  /** At most this many fiscal years between the target FY and a WDI metadata classification. */
  public static final int MAX_FY_DISTANCE = 2;

  static final StructType LISTED = new StructType()
      .add("group_id", DataTypes.StringType).add("group_name", DataTypes.StringType)
      .add("iso3", DataTypes.StringType).add("status", DataTypes.StringType)
      .add("joined", DataTypes.DateType).add("left", DataTypes.DateType).add("source", DataTypes.StringType);
  static final StructType GROUP = new StructType()
      .add("group_id", DataTypes.StringType).add("group_name", DataTypes.StringType)
      .add("kind", DataTypes.StringType).add("selector", DataTypes.StringType)
      .add("counted_statuses", DataTypes.createArrayType(DataTypes.StringType))
      .add("origin", DataTypes.StringType);

  /** One group definition. {@code countedStatuses} empty = every status counts. */
  public record Group(String id, String name, String kind, String selector, List<String> countedStatuses,
      String origin) {}

  /** One dated membership fact. Dates are already resolved from partial dates (see class doc). */
  public record Membership(String groupId, String groupName, String iso3, String status, LocalDate joined,
      LocalDate left, String source) {}

  private final List<Group> groups;
  private final List<Membership> memberships;
  private final Map<String, String> incomeCodes;
  private final String fingerprint;

  private PeerGroups(List<Group> groups, List<Membership> memberships, Map<String, String> incomeCodes,
      String fingerprint) {
    this.groups = List.copyOf(groups);
    this.memberships = List.copyOf(memberships);
    this.incomeCodes = incomeCodes;
    this.fingerprint = fingerprint;
  }

  /** The built-in groups (resources under {@code groups/}). */
  public static PeerGroups builtIn() {
    return load(ReferenceData.builtIn());
  }

  /** The groups as {@code reference} gives groups/group.csv, membership.csv and income_group_code.csv. */
  public static PeerGroups load(ReferenceData reference) {
    ResourceTable g = reference.table("groups/group.csv");
    ResourceTable m = reference.table("groups/membership.csv");
    ResourceTable codes = reference.table("groups/income_group_code.csv");
    List<Group> groups = new ArrayList<>();
    Set<String> ids = new TreeSet<>();
    for (Map<String, String> r : g.rows()) {
      String id = g.required(r, "group_id");
      String kind = g.required(r, "kind");
      if (!List.of("listed", "itu_region", "wb_income").contains(kind)) {
        throw g.error(r, "unknown kind '" + kind + "' (use listed, itu_region or wb_income)");
      }
      if (!ids.add(id)) {
        throw g.error(r, "duplicate group_id " + id);
      }
      String counted = r.getOrDefault("counted_statuses", "");
      groups.add(new Group(id, g.required(r, "group_name"), kind, blankToNull(r.get("selector")),
          counted.isBlank() ? List.of() : Arrays.stream(counted.split("\\|")).map(String::trim).toList(),
          "built-in: " + r.getOrDefault("source", "")));
    }
    List<Membership> ms = new ArrayList<>();
    for (Map<String, String> r : m.rows()) {
      String id = m.required(r, "group_id");
      if (!ids.contains(id)) {
        throw m.error(r, "group_id " + id + " is not in groups/group.csv");
      }
      try {
        ms.add(membership(id, m.required(r, "group_name"), m.required(r, "iso3"), m.required(r, "membership_status"),
            r.get("joined"), r.get("left"), source(r.get("source_url"), r.get("source_note"))));
      } catch (IllegalArgumentException e) {
        throw m.error(r, e.getMessage());
      }
    }
    Map<String, String> incomeCodes = new LinkedHashMap<>();
    for (Map<String, String> r : codes.rows()) {
      incomeCodes.put(codes.required(r, "label").toLowerCase(Locale.ROOT), codes.required(r, "code"));
    }
    return new PeerGroups(groups, ms, incomeCodes, ResourceTable.sha256((g.sha256() + m.sha256() + codes.sha256())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /**
   * These groups plus the user's groups in {@code text} (CSV with a header, or YAML when the name
   * ends in .yaml/.yml). A user group id must not be a built-in one.
   */
  public PeerGroups withUserFile(String name, String text) {
    String lower = name.toLowerCase(Locale.ROOT);
    List<Membership> user = lower.endsWith(".yaml") || lower.endsWith(".yml")
        ? UserGroupsFile.parseYaml(name, text) : UserGroupsFile.parseCsv(name, text);
    List<Group> all = new ArrayList<>(groups);
    Set<String> builtIn = new TreeSet<>();
    groups.forEach(g -> builtIn.add(g.id()));
    Map<String, Group> added = new LinkedHashMap<>();
    for (Membership m : user) {
      if (builtIn.contains(m.groupId())) {
        throw Errors.invalidGroupsFile(name, 0, "group id " + m.groupId()
            + " is a built-in group; give your group another id (built-in: " + String.join(", ", builtIn) + ")");
      }
      added.putIfAbsent(m.groupId(), new Group(m.groupId(), m.groupName(), "listed", null, List.of(),
          "user file " + name));
    }
    all.addAll(added.values());
    List<Membership> ms = new ArrayList<>(memberships);
    ms.addAll(user);
    return new PeerGroups(all, ms, incomeCodes, ResourceTable.sha256((fingerprint + ResourceTable.sha256(
        text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  public List<Group> groups() {
    return groups;
  }

  public List<Membership> memberships() {
    return memberships;
  }

  /** Changes whenever a group definition, a membership row or the user file changes. */
  public String fingerprint() {
    return fingerprint;
  }

  static Membership membership(String groupId, String groupName, String iso3, String status, String joined,
      String left, String source) {
    String code = iso3.trim().toUpperCase(Locale.ROOT);
    if (!code.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("iso3 '" + iso3 + "' is not an ISO 3166 alpha-3 code");
    }
    if (!groupId.matches("[A-Z][A-Z0-9_]{0,39}")) {
      throw new IllegalArgumentException("group_id '" + groupId
          + "' must be upper-case letters, digits and _ (starting with a letter), e.g. MY_PEERS");
    }
    LocalDate from = parseDate(joined, false);
    LocalDate to = parseDate(left, true);
    if (from != null && to != null && !to.isAfter(from)) {
      throw new IllegalArgumentException("left " + left + " is not after joined " + joined);
    }
    String s = status == null || status.isBlank() ? "member" : status.trim().toLowerCase(Locale.ROOT);
    return new Membership(groupId, groupName == null || groupName.isBlank() ? groupId : groupName.trim(), code, s,
        from, to, source);
  }

  /**
   * ISO date, full or partial: {@code YYYY-MM-DD}, {@code YYYY-MM}, {@code YYYY}. A partial date is the
   * first day of the period, or the last day when {@code end} (left dates). Blank = null.
   */
  static LocalDate parseDate(String v, boolean end) {
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.trim();
    try {
      if (s.matches("\\d{4}")) {
        int y = Integer.parseInt(s);
        return end ? LocalDate.of(y, 12, 31) : LocalDate.of(y, 1, 1);
      }
      if (s.matches("\\d{4}-\\d{2}")) {
        YearMonth ym = YearMonth.parse(s);
        return end ? ym.atEndOfMonth() : ym.atDay(1);
      }
      return LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("date '" + v + "' is not YYYY-MM-DD, YYYY-MM or YYYY");
    }
  }

  static String source(String url, String note) {
    String u = url == null ? "" : url.trim();
    String n = note == null ? "" : note.trim();
    return u.isEmpty() ? n : n.isEmpty() ? u : u + " (" + n + ")";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  public Dataset<Row> groupTable(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (Group g : groups) {
      rows.add(RowFactory.create(g.id(), g.name(), g.kind(), g.selector(), g.countedStatuses().toArray(new String[0]),
          g.origin()));
    }
    return spark.createDataFrame(rows, GROUP);
  }

  Dataset<Row> listedTable(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    for (Membership m : memberships) {
      rows.add(RowFactory.create(m.groupId(), m.groupName(), m.iso3(), m.status(),
          m.joined() == null ? null : Date.valueOf(m.joined()), m.left() == null ? null : Date.valueOf(m.left()),
          m.source()));
    }
    return spark.createDataFrame(rows, LISTED);
  }

  Dataset<Row> incomeCodeTable(SparkSession spark) {
    List<Row> rows = new ArrayList<>();
    incomeCodes.forEach((label, code) -> rows.add(RowFactory.create(label, code)));
    return spark.createDataFrame(rows, new StructType().add("income_label", "string").add("income_code", "string"));
  }

  /**
   * gold.peer_group_member: the resolved members of every group for every year in {@code years}
   * (column {@code year} int). {@code classification} is silver.economy_classification (WB_OGHIST rows
   * are used when the table has a {@code fiscal_year} column). Columns: group_id, group_name, kind,
   * year, iso3, status, counted (whether the member enters group statistics), fiscal_year (WB groups:
   * the four-digit year the classifying fiscal year ends in, 2025 = FY25), source.
   */
  public Dataset<Row> members(Dataset<Row> classification, Dataset<Row> years) {
    SparkSession spark = years.sparkSession();
    Dataset<Row> y = years.select(col("year").cast("int").as("year")).distinct();
    Column yearEnd = make_date(col("year"), lit(12), lit(31));
    Dataset<Row> listed = listedTable(spark).crossJoin(broadcast(y))
        .filter(col("joined").isNull().or(col("joined").leq(yearEnd)))
        .filter(col("left").isNull().or(col("left").gt(yearEnd)))
        .select(col("group_id"), col("year"), col("iso3"), col("status"), lit(null).cast("int").as("fiscal_year"),
            col("source"));

    Dataset<Row> defs = groupTable(spark);
    Dataset<Row> regions = ituRegions(classification).crossJoin(broadcast(y))
        .join(broadcast(defs.filter(col("kind").equalTo("itu_region"))), col("region").equalTo(col("selector")))
        .select(col("group_id"), col("year"), col("iso3"), lit("member").as("status"),
            lit(null).cast("int").as("fiscal_year"), col("region_source").as("source"));
    Dataset<Row> income = incomeGroups(classification, y, incomeCodeTable(spark))
        .join(broadcast(defs.filter(col("kind").equalTo("wb_income"))), col("income_code").equalTo(col("selector")))
        .select(col("group_id"), col("year"), col("iso3"), lit("member").as("status"), col("fiscal_year"),
            col("income_source").as("source"));

    // A listed row and an annex region row for the same economy (ITU_CIS) are one membership with both sources.
    Dataset<Row> all = listed.unionByName(regions).unionByName(income)
        .groupBy("group_id", "year", "iso3").agg(
            first(col("status")).as("status"), max(col("fiscal_year")).as("fiscal_year"),
            concat_ws("; ", sort_array(collect_set(col("source")))).as("source"));
    return all.join(broadcast(defs), "group_id")
        .withColumn("counted", size(col("counted_statuses")).equalTo(0)
            .or(array_contains(col("counted_statuses"), col("status"))))
        .select(col("group_id"), col("group_name"), col("kind"), col("year"), col("iso3"), col("status"),
            col("counted"), col("fiscal_year"), col("source"));
  }

  /** iso3 → ITU region from the newest IDI annex edition that states it (regions are taken as fixed). */
  static Dataset<Row> ituRegions(Dataset<Row> classification) {
    Dataset<Row> annex = classification.filter(col("source").equalTo("ITU_IDI_ANNEX")
        .and(col("iso3").isNotNull()).and(col("region").isNotNull()));
    return annex.withColumn("rn", row_number().over(Window.partitionBy("iso3")
            .orderBy(coalesce(col("edition"), year(col("vintage"))).desc(), col("vintage").desc())))
        .filter(col("rn").equalTo(1))
        .select(col("iso3"), trim(col("region")).as("region"),
            concat(lit("ITU_IDI_ANNEX edition "), coalesce(col("edition"), year(col("vintage"))).cast("string"))
                .as("region_source"));
  }

  /** FY89 … FY25 may be stored as 89 … 25 or as 1989 … 2025: always the four-digit year the FY ends in. */
  static Column fourDigitFiscalYear(Column fy) {
    return when(fy.lt(50), fy.plus(2000)).when(fy.lt(100), fy.plus(1900)).otherwise(fy);
  }

  /**
   * iso3, year → income_code, fiscal_year, income_source. Target fiscal year = year + 2. Candidates:
   * WB_OGHIST rows (fiscal_year column) and WB_WDI Metadata_Country rows (fiscal year of the vintage:
   * FY = vintage year + 1 from July, else the vintage year). The candidate nearest the target wins
   * (at most {@link #MAX_FY_DISTANCE} away); ties: OGHIST first, then the older fiscal year (what was known at the time, no hindsight).
   */
  static Dataset<Row> incomeGroups(Dataset<Row> classification, Dataset<Row> years, Dataset<Row> codes) {
    Dataset<Row> base = classification.filter(col("iso3").isNotNull().and(col("income_group").isNotNull()))
        .join(broadcast(codes), org.apache.spark.sql.functions.lower(trim(col("income_group")))
            .equalTo(col("income_label")));
    Column wdiFy = when(month(col("vintage")).geq(7), year(col("vintage")).plus(1)).otherwise(year(col("vintage")));
    Dataset<Row> wdi = base.filter(col("source").equalTo("WB_WDI").and(col("entity_kind").equalTo("economy")))
        .select(col("iso3"), col("income_code"), wdiFy.as("fy"), lit(2).as("priority"),
            concat(lit("WB_WDI Metadata_Country vintage "), col("vintage").cast("string"), lit(" (FY"),
                wdiFy.cast("string"), lit(")")).as("income_source"), col("vintage"));
    Dataset<Row> candidates = wdi;
    if (Arrays.asList(classification.columns()).contains("fiscal_year")) {
      Dataset<Row> oghist = base.filter(col("source").equalTo("WB_OGHIST").and(col("fiscal_year").isNotNull()))
          .withColumn("fy", fourDigitFiscalYear(col("fiscal_year").cast("int")))
          .select(col("iso3"), col("income_code"), col("fy"), lit(1).as("priority"),
              concat(lit("WB_OGHIST FY"), col("fy").cast("string")).as("income_source"), col("vintage"));
      candidates = oghist.unionByName(wdi);
    }
    Column distance = abs(col("fy").minus(col("year").plus(2)));
    return candidates.crossJoin(broadcast(years))
        .filter(distance.leq(MAX_FY_DISTANCE))
        .withColumn("rn", row_number().over(Window.partitionBy("iso3", "year")
            .orderBy(distance, col("priority"), col("fy"), col("vintage").desc())))
        .filter(col("rn").equalTo(1))
        .select(col("iso3"), col("year"), col("income_code"), col("fy").as("fiscal_year"), col("income_source"));
  }
}
