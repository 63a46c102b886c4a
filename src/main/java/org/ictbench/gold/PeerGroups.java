package org.ictbench.gold;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.core.Errors;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;
import org.ictbench.core.DriverRowsFrame;

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

  /** gold.peer_group_member. */
  public static final StructType MEMBER = new StructType()
      .add("group_id", DataTypes.StringType).add("group_name", DataTypes.StringType)
      .add("kind", DataTypes.StringType).add("year", DataTypes.IntegerType).add("iso3", DataTypes.StringType)
      .add("membership_status", DataTypes.StringType).add("counted", DataTypes.BooleanType)
      .add("fiscal_year", DataTypes.IntegerType).add("membership_source", DataTypes.StringType);

  /** The columns of silver.economy_classification {@link #memberRows} reads, in this order. */
  public static final String[] CLASSIFICATION_COLUMNS = {"entity_kind", "iso3", "region", "income_group", "source",
      "vintage", "edition", "fiscal_year"};

  /**
   * gold.peer_group_member: the resolved members of every group for every year in {@code years}
   * (column {@code year} int). {@code classification} is silver.economy_classification (WB_OGHIST rows
   * are used when the table has a {@code fiscal_year} column). Columns: group_id, group_name, kind,
   * year, iso3, status, counted (whether the member enters group statistics), fiscal_year (WB groups:
   * the four-digit year the classifying fiscal year ends in, 2025 = FY25), source.
   */
  public Dataset<Row> members(Dataset<Row> classification, Dataset<Row> years) {
    SortedSet<Integer> ys = new TreeSet<>();
    years.select(col("year").cast("int")).collectAsList().forEach(r -> {
      if (!r.isNullAt(0)) {
        ys.add(r.getInt(0));
      }
    });
    return DriverRowsFrame.of(years.sparkSession(), memberRows(classificationRows(classification), ys), MEMBER);
  }

  /**
   * The rows of silver.economy_classification the groups use (those with an economy code), with the
   * columns {@link #CLASSIFICATION_COLUMNS}; fiscal_year is null where the table has no such column.
   */
  public static List<Row> classificationRows(Dataset<Row> classification) {
    Dataset<Row> c = classification.filter(col("iso3").isNotNull());
    if (!DriverRows.hasColumn(c, "fiscal_year")) {
      c = c.withColumn("fiscal_year", lit(null).cast("int"));
    }
    return DriverRows.collect(c.withColumn("fiscal_year", col("fiscal_year").cast("int")), CLASSIFICATION_COLUMNS);
  }

  /** One candidate membership before the rows of one group, year and economy are merged. */
  private record Candidate(String groupId, int year, String iso3, String status, Integer fiscalYear, String source) {}

  /**
   * {@link #members} on rows of silver.economy_classification ({@link #CLASSIFICATION_COLUMNS}, see
   * {@link #classificationRows}) for the given years.
   */
  public List<Row> memberRows(List<Row> classification, SortedSet<Integer> years) {
    List<Candidate> all = new ArrayList<>();
    for (Membership m : memberships) {
      for (int y : years) {
        LocalDate yearEnd = LocalDate.of(y, 12, 31);
        if ((m.joined() == null || !m.joined().isAfter(yearEnd)) && (m.left() == null || m.left().isAfter(yearEnd))) {
          all.add(new Candidate(m.groupId(), y, m.iso3(), m.status(), null, m.source()));
        }
      }
    }
    Map<String, String[]> regions = ituRegionRows(classification);
    for (Group g : groups) {
      if (!g.kind().equals("itu_region")) {
        continue;
      }
      regions.forEach((iso3, region) -> {
        if (region[0].equals(g.selector())) {
          years.forEach(y -> all.add(new Candidate(g.id(), y, iso3, "member", null, region[1])));
        }
      });
    }
    Map<List<Object>, Object[]> income = incomeGroupRows(classification, years);
    for (Group g : groups) {
      if (!g.kind().equals("wb_income")) {
        continue;
      }
      income.forEach((k, v) -> {
        if (v[0].equals(g.selector())) {
          all.add(new Candidate(g.id(), (Integer) k.get(1), (String) k.get(0), "member", (Integer) v[1],
              (String) v[2]));
        }
      });
    }
    // A listed row and an annex region row for the same economy (ITU_CIS) are one membership with both
    // sources; the first row's status (listed rows come first).
    Map<List<Object>, List<Candidate>> merged = new LinkedHashMap<>();
    for (Candidate c : all) {
      merged.computeIfAbsent(DriverRows.key(c.groupId(), c.year(), c.iso3()), k -> new ArrayList<>()).add(c);
    }
    Map<String, Group> defs = new LinkedHashMap<>();
    groups.forEach(g -> defs.put(g.id(), g));
    List<Row> out = new ArrayList<>();
    merged.forEach((k, cs) -> {
      Group g = defs.get(cs.get(0).groupId());
      if (g == null) {
        return;
      }
      String status = cs.get(0).status();
      Integer fy = null;
      TreeSet<String> sources = new TreeSet<>(DriverRows.UTF8);
      for (Candidate c : cs) {
        if (c.fiscalYear() != null && (fy == null || c.fiscalYear() > fy)) {
          fy = c.fiscalYear();
        }
        if (c.source() != null) {
          sources.add(c.source());
        }
      }
      boolean counted = g.countedStatuses().isEmpty() || g.countedStatuses().contains(status);
      out.add(RowFactory.create(g.id(), g.name(), g.kind(), cs.get(0).year(), cs.get(0).iso3(), status, counted, fy,
          String.join("; ", sources)));
    });
    return out;
  }

  /**
   * iso3 → {ITU region, "ITU_IDI_ANNEX edition N"} from the newest IDI annex edition that states it
   * (regions are taken as fixed): the annex rows with the highest edition (or vintage year), then the
   * newest vintage.
   */
  static Map<String, String[]> ituRegionRows(List<Row> classification) {
    Map<String, Row> best = new TreeMap<>();
    for (Row r : classification) {
      if ("ITU_IDI_ANNEX".equals(r.getString(4)) && !r.isNullAt(1) && !r.isNullAt(2)) {
        best.merge(r.getString(1), r, (x, y) -> compareAnnex(y, x) < 0 ? y : x);
      }
    }
    Map<String, String[]> out = new TreeMap<>();
    best.forEach((iso3, r) -> {
      Integer edition = annexEdition(r);
      out.put(iso3, new String[] {DriverRows.trim(r.getString(2)),
          edition == null ? null : "ITU_IDI_ANNEX edition " + edition});
    });
    return out;
  }

  private static Integer annexEdition(Row r) {
    if (!r.isNullAt(6)) {
      return r.getInt(6);
    }
    return r.isNullAt(5) ? null : ((Date) r.get(5)).toLocalDate().getYear();
  }

  /** Negative when {@code a} comes first: edition (or vintage year) descending, then vintage descending, nulls last. */
  private static int compareAnnex(Row a, Row b) {
    int c = descNullsLast(annexEdition(a), annexEdition(b));
    return c != 0 ? c : descNullsLast(a.isNullAt(5) ? null : (Date) a.get(5), b.isNullAt(5) ? null : (Date) b.get(5));
  }

  private static <T extends Comparable<T>> int descNullsLast(T a, T b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return b.compareTo(a);
  }

  /** FY89 … FY25 may be stored as 89 … 25 or as 1989 … 2025: always the four-digit year the FY ends in. */
  static int fourDigitFiscalYear(int fy) {
    return fy < 50 ? fy + 2000 : fy < 100 ? fy + 1900 : fy;
  }

  /** One income classification that may classify a data year. */
  private record IncomeCandidate(String iso3, String code, int fy, int priority, String source, Date vintage) {}

  /**
   * (iso3, year) → {income_code, fiscal_year, income_source}. Target fiscal year = year + 2.
   * Candidates: WB_OGHIST rows (fiscal_year) and WB_WDI Metadata_Country rows of economies (fiscal
   * year of the vintage: FY = vintage year + 1 from July, else the vintage year). The candidate nearest
   * the target wins (at most {@link #MAX_FY_DISTANCE} away); ties: OGHIST first, then the older fiscal
   * year (what was known at the time, no hindsight), then the newest vintage.
   */
  Map<List<Object>, Object[]> incomeGroupRows(List<Row> classification, SortedSet<Integer> years) {
    List<IncomeCandidate> candidates = new ArrayList<>();
    for (Row r : classification) {
      if (r.isNullAt(1) || r.isNullAt(3)) {
        continue;
      }
      String code = incomeCodes.get(DriverRows.trim(r.getString(3)).toLowerCase(Locale.ROOT));
      if (code == null) {
        continue;
      }
      String source = r.getString(4);
      Date vintage = r.isNullAt(5) ? null : (Date) r.get(5);
      if ("WB_OGHIST".equals(source) && !r.isNullAt(7)) {
        int fy = fourDigitFiscalYear(r.getInt(7));
        candidates.add(new IncomeCandidate(r.getString(1), code, fy, 1, "WB_OGHIST FY" + fy, vintage));
      } else if ("WB_WDI".equals(source) && "economy".equals(r.getString(0)) && vintage != null) {
        LocalDate v = vintage.toLocalDate();
        int fy = v.getMonthValue() >= 7 ? v.getYear() + 1 : v.getYear();
        candidates.add(new IncomeCandidate(r.getString(1), code, fy, 2,
            "WB_WDI Metadata_Country vintage " + v + " (FY" + fy + ")", vintage));
      }
    }
    Map<List<Object>, IncomeCandidate> best = new HashMap<>();
    for (IncomeCandidate c : candidates) {
      for (int y : years) {
        int distance = Math.abs(c.fy() - (y + 2));
        if (distance > MAX_FY_DISTANCE) {
          continue;
        }
        best.merge(DriverRows.key(c.iso3(), y), c, (x, z) -> incomeOrder(z, x, y) < 0 ? z : x);
      }
    }
    Map<List<Object>, Object[]> out = new LinkedHashMap<>();
    best.forEach((k, c) -> out.put(k, new Object[] {c.code(), c.fy(), c.source()}));
    return out;
  }

  /** Negative when {@code a} classifies year {@code y} before {@code b}. */
  private static int incomeOrder(IncomeCandidate a, IncomeCandidate b, int y) {
    int c = Integer.compare(Math.abs(a.fy() - (y + 2)), Math.abs(b.fy() - (y + 2)));
    c = c != 0 ? c : Integer.compare(a.priority(), b.priority());
    c = c != 0 ? c : Integer.compare(a.fy(), b.fy());
    c = c != 0 ? c : descNullsLast(a.vintage(), b.vintage());
    c = c != 0 ? c : DriverRows.UTF8.compare(a.code(), b.code());
    return c != 0 ? c : DriverRows.UTF8.compare(a.source(), b.source());
  }
}
