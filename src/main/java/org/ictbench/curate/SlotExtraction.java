package org.ictbench.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_keys;
import static org.apache.spark.sql.functions.map_values;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.SourceFormat;

/**
 * Turns bronze records into value slots with one common shape, whatever the publisher layout: a
 * DataHub row is one slot, a WDI row one slot per year column, an IDI annex row one slot per
 * indicator plus one classification slot, a Metadata_Country row one classification slot. A record
 * the parser marked malformed is one slot of kind {@code malformed}. No rows are dropped here.
 *
 * <p>Two passes over bronze: a DataHub long record (the layout large collections come in, one slot
 * per record) is projected with native map lookups, so its fields are never
 * converted to Java objects and back; every other record (multi-slot layouts, workbooks, malformed
 * records of any layout) goes through one flatMap with one rule per layout, rather than one filter +
 * explode per layout, which would read bronze eleven times and run Spark's interpreted higher-order
 * lambdas. The price is a second scan of bronze (the two filters cannot be pushed into Parquet), far
 * cheaper than converting every DataHub record. The publisher is derived from the source in one
 * expression for both. The slots do not carry the record's raw fields (a WDI row's fields would
 * otherwise be copied into each of its many slots and through the duplicate rule's shuffle);
 * {@link Curation#quarantine} joins them back from bronze for the quarantined slots only.
 */
final class SlotExtraction {
  /** The bronze lineage columns the extraction reads. */
  static final List<String> LINEAGE = List.of(
      "run_id", "source_id", "format", "file_uri", "file_name", "file_sha256", "vintage", "record_number");
  /**
   * The lineage each slot carries: the file's checksum and the record number name its record, and
   * the source drives the indicator lookup and the rules. The lineage that is the same for every
   * record of a file ({@link #FILE_LINEAGE}) is left out of the slots and joined back by checksum
   * after routing ({@link Curation#fileLineage}): at scale the slots are cached, and five per-file
   * strings in every slot cost more to encode and cache than the rest of the slot's columns.
   */
  static final List<String> SLOT_LINEAGE = List.of("source_id", "file_sha256", "record_number");
  /** Per-file lineage, joined back by {@code file_sha256}. */
  static final List<String> FILE_LINEAGE = List.of("run_id", "format", "file_uri", "file_name", "vintage");
  static final List<String> SLOT = List.of(
      "slot_kind", "publisher", "entity_code", "entity_name", "publisher_code", "year_raw", "value_raw",
      "flag_raw", "note", "unit_label", "region", "income_group");

  /** The slot's ordinal within its record (1, 2, ...): with the file and record number it names one slot. */
  static final String SLOT_NUMBER = "slot_number";

  private static final Pattern YEAR = Pattern.compile("^[0-9]{4}$");
  private static final Pattern SERIES_YEAR = Pattern.compile("[|]([0-9]{4})$");
  private static final Pattern SERIES = Pattern.compile("^(.*)[|][0-9]{4}$");
  private static final Pattern CORE_HH = Pattern.compile("^HH[0-9A-Za-z]+$");
  private static final Pattern FISCAL_YEAR = Pattern.compile("^FY[0-9]{2}$");
  private static final List<String> GENDER = List.of("Individuals", "Male", "Female");
  private static final List<String> OWID_KEYS = List.of("Entity", "Code", "Year");

  /** The slot columns {@link #extract} fills: all of {@link #SLOT} but the publisher, derived after. */
  private static final List<String> EXTRACTED = SLOT.stream().filter(c -> !c.equals("publisher")).toList();

  private static final StructType OUT;

  static {
    StructType s = new StructType();
    for (String c : SLOT_LINEAGE) {
      s = s.add(BronzeSchemas.RAW_RECORD.apply(c));
    }
    for (String c : EXTRACTED) {
      s = s.add(c, DataTypes.StringType, true);
    }
    OUT = s.add(SLOT_NUMBER, DataTypes.IntegerType, false);
  }

  private SlotExtraction() {}

  static Dataset<Row> slots(Dataset<Row> bronze) {
    Column projectable = coalesce(col("format").equalTo(SourceFormat.ITU_DATAHUB_LONG.name()), lit(false))
        .and(not(BronzeSchemas.isMalformed(col("fields"))));
    Dataset<Row> projected = bronze.filter(projectable).select(dataHubSlot());
    List<Column> in = new ArrayList<>();
    LINEAGE.forEach(c -> in.add(col(c)));
    in.add(map_keys(col("fields")).as("_k"));
    in.add(map_values(col("fields")).as("_v"));
    Dataset<Row> extracted = bronze.filter(not(projectable)).select(in.toArray(new Column[0]))
        .flatMap((FlatMapFunction<Row, Row>) SlotExtraction::extract, Encoders.row(OUT));
    List<Column> out = new ArrayList<>();
    SLOT_LINEAGE.forEach(c -> out.add(col(c)));
    for (String c : SLOT) {
      out.add(c.equals("publisher") ? publisher(col("source_id")).as(c) : col(c));
    }
    out.add(col(SLOT_NUMBER));
    return projected.union(extracted).select(out.toArray(new Column[0]));
  }

  /**
   * ITU, WB, UNSD (the UN M49 list) or REF (datasets/country-codes), from the source id's prefix; anything
   * else, or none, counts as OWID. It scopes the resolver's publisher aliases.
   */
  private static Column publisher(Column sourceId) {
    return when(sourceId.startsWith("ITU"), "ITU").when(sourceId.startsWith("WB"), "WB")
        .when(sourceId.startsWith("UNSD"), "UNSD").when(sourceId.equalTo("COUNTRY_CODES"), "REF").otherwise("OWID");
  }

  /** A DataHub long record's one value slot, in {@link #OUT}'s columns. */
  private static Column[] dataHubSlot() {
    Map<String, Column> slot = new LinkedHashMap<>();
    slot.put("slot_kind", lit("value"));
    slot.put("entity_code", field("entityIso"));
    slot.put("entity_name", field("entityName"));
    slot.put("publisher_code", field("seriesCode"));
    slot.put("year_raw", field("dataYear"));
    slot.put("value_raw", field("dataValue"));
    slot.put("flag_raw", field("dataSource"));
    slot.put("note", field("dataNote"));
    slot.put("unit_label", field("seriesUnits"));
    List<Column> cols = new ArrayList<>();
    SLOT_LINEAGE.forEach(c -> cols.add(col(c)));
    for (String c : EXTRACTED) {
      cols.add(slot.getOrDefault(c, lit(null).cast(DataTypes.StringType)).as(c));
    }
    cols.add(lit(1).as(SLOT_NUMBER));
    return cols.toArray(new Column[0]);
  }

  /**
   * A DataHub record's field: looked up at the column's position in
   * {@link SourceFormat#DATAHUB_EXPORT_COLUMNS} (one key read and compared), else by name (a file whose
   * columns come in another order, or lack this one). Bronze keeps a file's column order, so this
   * saves comparing every key before the field with its name (each a Parquet dictionary decode), which
   * would dominate the projection of the DataHub slots.
   */
  private static Column field(String name) {
    int position = SourceFormat.DATAHUB_EXPORT_COLUMNS.indexOf(name) + 1;
    if (position == 0) {
      throw new IllegalArgumentException(name + " is not a column of the DataHub export");
    }
    Column fields = col("fields");
    Column key = try_element_at(map_keys(fields), lit(position));
    Column value = try_element_at(map_values(fields), lit(position));
    // the export's own spelling first; the same header in another case (detection ignores case) next
    return when(key.equalTo(name), value)
        .when(org.apache.spark.sql.functions.lower(key).equalTo(name.toLowerCase(java.util.Locale.ROOT)), value)
        .otherwise(try_element_at(fields, lit(name)));
  }

  /**
   * The slots of one record that is not a well-formed DataHub row (its lineage columns, then the key
   * and value arrays of its fields), in {@link #OUT}'s columns.
   */
  static Iterator<Row> extract(Row r) {
    int n = LINEAGE.size();
    List<String> keys = r.getList(n);
    List<String> values = r.getList(n + 1);
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      fields.put(keys.get(i), values.get(i));
    }
    Slots out = new Slots(r);
    String format = r.getString(2);
    if (fields.containsKey(BronzeSchemas.MALFORMED_FIELD)) {
      out.add("malformed", f(fields, "entityIso", "Country Code", "iso3"),
          f(fields, "entityName", "Country Name", "economy"), f(fields, "seriesCode", "Indicator Code"), null, null,
          null, fields.get(BronzeSchemas.MALFORMED_FIELD), null, null, null);
      return out.rows.iterator();
    }
    SourceFormat fmt;
    try {
      fmt = SourceFormat.valueOf(format);
    } catch (IllegalArgumentException | NullPointerException e) {
      return out.rows.iterator(); // a layout without value slots
    }
    switch (fmt) {
      case ITU_DATAHUB_LONG -> throw new IllegalStateException(
          "well-formed DataHub records are projected natively (see slots), not extracted");
      case WDI_WIDE -> {
        for (Map.Entry<String, String> e : fields.entrySet()) {
          if (YEAR.matcher(e.getKey()).matches()) {
            out.add("value", fields.get("Country Code"), fields.get("Country Name"),
                fields.get("Indicator Code"), e.getKey(), e.getValue(), null, null, fields.get("Indicator Name"), null,
                null);
          }
        }
      }
      case WDI_METADATA_COUNTRY -> out.add("classification", fields.get("Country Code"),
          fields.get("TableName"), null, null, null, null, fields.get("SpecialNotes"), null, fields.get("Region"),
          fields.get("IncomeGroup"));
      case ITU_IDI_ANNEX -> {
        Integer vintageYear = year(r.get(6));
        for (Map.Entry<String, String> e : fields.entrySet()) {
          String k = e.getKey();
          if (!fields.containsKey(k + "_flag")) {
            continue;
          }
          String flag = fields.get(k + "_flag");
          // a flag that is a year (e.g. 2021) means ITU used that year's value (lagged); without a
          // reference_year column (the real annex file) edition t scores data year t-2
          String year = flag != null && YEAR.matcher(flag).matches() ? flag
              : orElse(fields.get("reference_year"), vintageYear == null ? null : String.valueOf(vintageYear - 2));
          out.add("value", fields.get("iso3"), fields.get("economy"), k, year, e.getValue(), flag,
              fields.get("source"), null, null, null);
        }
        out.add("classification", fields.get("iso3"), fields.get("economy"), null,
            orElse(fields.get("edition"), vintageYear == null ? null : String.valueOf(vintageYear)), null, null,
            fields.get("source"), null, fields.get("itu_region"), fields.get("income_group"));
      }
      case OWID_GRAPHER -> {
        String k = null;
        for (String key : fields.keySet()) {
          if (!OWID_KEYS.contains(key)) {
            k = key;
            break;
          }
        }
        out.add("value", fields.get("Code"), fields.get("Entity"), k, fields.get("Year"),
            k == null ? null : fields.get(k), null, null, k, null, null);
      }
      case ITU_WTI_WORKBOOK, ITU_KEY_AGGREGATES -> {
        // value fields are '<series>|<year>' (see ingest.WorkbookLayouts)
        for (Map.Entry<String, String> e : fields.entrySet()) {
          Matcher m = SERIES_YEAR.matcher(e.getKey());
          if (!m.find()) {
            continue;
          }
          String y = m.group(1);
          Matcher series = SERIES.matcher(e.getKey());
          String note = concatWs(fields.get("Notes " + y), fields.get("Source " + y));
          out.add("value", null, f(fields, "economy", "entity"),
              series.find() ? ValueParsing.trimSpaces(series.group(1)) : "", y, e.getValue(), note, note, null, null, null);
        }
      }
      case ITU_CORE_HOUSEHOLD -> {
        for (Map.Entry<String, String> e : fields.entrySet()) {
          String k = e.getKey();
          if (CORE_HH.matcher(k).matches()) {
            out.add("value", null, fields.get("economy"), k, fields.get(k + " year"), e.getValue(), null,
                prefixed("ITU footnote ", fields.get(k + " footnote")), null, null, null);
          }
        }
      }
      case ITU_GENDER_WORKBOOK -> {
        for (Map.Entry<String, String> e : fields.entrySet()) {
          String k = e.getKey();
          if (GENDER.contains(k)) {
            out.add("value", null, fields.get("economy"), "Internet users by gender|" + k,
                fields.get("year"), e.getValue(), null, prefixed("ITU footnote ", fields.get(k + " footnote")), null,
                null, null);
          }
        }
      }
      case WB_OGHIST -> {
        // one classification slot per fiscal-year column; year_raw is the fiscal year (FY89 -> 1989)
        for (Map.Entry<String, String> e : fields.entrySet()) {
          String k = e.getKey();
          if (FISCAL_YEAR.matcher(k).matches()) {
            String yy = k.substring(2, 4);
            out.add("classification", fields.get("code"), fields.get("name"), k,
                (yy.compareTo("50") >= 0 ? "19" : "20") + yy, null, null, null, null, null, e.getValue());
          }
        }
      }
      // country reference lists: the economy's UN M49 sub-region, as the list states it (in its language)
      case UNSD_M49_LIST -> out.add("classification", fields.get("ISO-alpha3 Code"), fields.get("Country or Area"),
          null, null, null, null, null, null, fields.get("Sub-region Name"), null);
      case COUNTRY_CODES_LIST -> out.add("classification", fields.get("ISO3166-1-Alpha-3"),
          f(fields, "CLDR display name", "official_name_en", "UNTERM English Short"), null, null, null, null, null,
          null, fields.get("Sub-region Name"), null);
      default -> {
        // layouts without value slots (e.g. peer-group membership lists)
      }
    }
    return out.rows.iterator();
  }

  /** The output rows of one record: its slot lineage columns, the slot columns, then the slot number. */
  private static final class Slots {
    private static final int[] HEAD = SLOT_LINEAGE.stream().mapToInt(LINEAGE::indexOf).toArray();
    final List<Row> rows = new ArrayList<>(1);
    final Object[] head;

    Slots(Row r) {
      head = new Object[HEAD.length];
      for (int i = 0; i < head.length; i++) {
        head[i] = r.get(HEAD[i]);
      }
    }

    void add(String... slot) {
      Object[] v = new Object[head.length + slot.length + 1];
      System.arraycopy(head, 0, v, 0, head.length);
      System.arraycopy(slot, 0, v, head.length, slot.length);
      v[v.length - 1] = rows.size() + 1;
      rows.add(RowFactory.create(v));
    }
  }

  /** A raw field by the first of the given names that the record has (publisher layouts differ). */
  private static String f(Map<String, String> fields, String... names) {
    for (String n : names) {
      String v = fields.get(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private static String orElse(String a, String b) {
    return a != null ? a : b;
  }

  /** Spark's concat_ws: nulls are skipped, so two nulls give "". */
  private static String concatWs(String a, String b) {
    return a == null ? (b == null ? "" : b) : (b == null ? a : a + "; " + b);
  }

  private static String prefixed(String prefix, String v) {
    return v == null ? null : prefix + v;
  }

  private static Integer year(Object date) {
    if (date instanceof java.sql.Date d) {
      return d.toLocalDate().getYear();
    } else if (date instanceof LocalDate d) {
      return d.getYear();
    }
    return null;
  }
}
