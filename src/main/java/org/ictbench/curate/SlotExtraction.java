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
import java.util.Optional;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.ictbench.ingest.BronzeSchemas;
import org.ictbench.ingest.PublisherFormat;
import org.ictbench.ingest.SourceFormat;
import org.ictbench.ingest.ValueSlot;

/**
 * Turns bronze records into value slots with one common shape, whatever the publisher format: each
 * record's format names the adapter that reads its slots ({@link PublisherFormat#slots}), e.g. a
 * DataHub row is one slot, a WDI row one slot per year column, an IDI annex row one slot per indicator
 * plus one classification slot. A record the parser marked malformed is one slot of kind
 * {@code malformed}. No rows are dropped here.
 *
 * <p>Two passes over bronze: records of a format whose every record is one slot read from fixed
 * fields ({@link PublisherFormat#projection()}: the DataHub long export, the layout large collections
 * come in) are projected with native map lookups, so their fields are never converted to Java objects
 * and back; every other record (multi-slot layouts, workbooks, malformed records of any layout) goes
 * through one flatMap that asks its format's adapter, rather than one filter + explode per layout,
 * which would read bronze once per format and run Spark's interpreted higher-order lambdas. The price
 * is a second scan of bronze (the two filters cannot be pushed into Parquet), far cheaper than
 * converting every DataHub record. The publisher is derived from the source in one expression for
 * both. The slots do not carry the record's raw fields (a WDI row's fields would otherwise be copied
 * into each of its many slots and through the duplicate rule's shuffle); {@link Curation#quarantine}
 * joins them back from bronze for the quarantined slots only.
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
    // the extracted columns are the slot kind, then a ValueSlot's fields, position by position
    if (EXTRACTED.size() != ValueSlot.FIELDS.size() + 1) {
      throw new IllegalStateException("slot columns " + EXTRACTED + " do not match ValueSlot's fields " + ValueSlot.FIELDS);
    }
  }

  /** Every format's adapter by the format's name, as bronze's {@code format} column holds it. */
  private static final Map<String, PublisherFormat> ADAPTERS = java.util.Arrays.stream(SourceFormat.values())
      .collect(java.util.stream.Collectors.toUnmodifiableMap(SourceFormat::name, SourceFormat::adapter));

  private SlotExtraction() {}

  static Dataset<Row> slots(Dataset<Row> bronze) {
    Column projectable = lit(false);
    Dataset<Row> projected = null;
    for (SourceFormat f : SourceFormat.values()) {
      Optional<PublisherFormat.Projection> p = f.adapter().projection();
      if (p.isEmpty()) {
        continue;
      }
      Column mine = coalesce(col("format").equalTo(f.name()), lit(false)).and(not(BronzeSchemas.isMalformed(col("fields"))));
      Dataset<Row> slots = bronze.filter(mine).select(projectedSlot(p.get()));
      projectable = projectable.or(mine);
      projected = projected == null ? slots : projected.union(slots);
    }
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
    return (projected == null ? extracted : projected.union(extracted)).select(out.toArray(new Column[0]));
  }

  /**
   * The publisher of a source id, as its {@link SourceFormat} names it; another source id (one a
   * manifest assigns) by its prefix: ITU, WB, UNSD, REF for COUNTRY_CODES, else OWID. It scopes the
   * resolver's publisher aliases.
   */
  private static Column publisher(Column sourceId) {
    Map<String, String> publishers = new LinkedHashMap<>();
    for (SourceFormat f : SourceFormat.values()) {
      publishers.putIfAbsent(f.sourceId(), f.publisher());
    }
    Column c = null;
    for (Map.Entry<String, String> e : publishers.entrySet()) {
      c = c == null ? when(sourceId.equalTo(e.getKey()), e.getValue()) : c.when(sourceId.equalTo(e.getKey()), e.getValue());
    }
    return c.when(sourceId.startsWith("ITU"), "ITU").when(sourceId.startsWith("WB"), "WB")
        .when(sourceId.startsWith("UNSD"), "UNSD").when(sourceId.equalTo("COUNTRY_CODES"), "REF").otherwise("OWID");
  }

  /** The one slot of each record of a projected format, in {@link #OUT}'s columns. */
  private static Column[] projectedSlot(PublisherFormat.Projection p) {
    List<Column> cols = new ArrayList<>();
    SLOT_LINEAGE.forEach(c -> cols.add(col(c)));
    cols.add(lit(p.fieldNames().kind().label()).as(EXTRACTED.get(0)));
    List<String> names = p.fieldNames().fields();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      cols.add((name == null ? lit(null).cast(DataTypes.StringType) : field(p.columns(), name))
          .as(EXTRACTED.get(i + 1)));
    }
    cols.add(lit(1).as(SLOT_NUMBER));
    return cols.toArray(new Column[0]);
  }

  /**
   * A record's field: looked up at the column's position in the format's usual column order (one key
   * read and compared), else by name (a file whose columns come in another order, or lack this one).
   * Bronze keeps a file's column order, so this saves comparing every key before the field with its
   * name (each a Parquet dictionary decode), which would dominate the projection of the DataHub slots.
   */
  private static Column field(List<String> columns, String name) {
    int position = columns.indexOf(name) + 1;
    Column fields = col("fields");
    Column key = try_element_at(map_keys(fields), lit(position));
    Column value = try_element_at(map_values(fields), lit(position));
    // the publisher's own spelling first; the same header in another case (detection ignores case) next
    return when(key.equalTo(name), value)
        .when(org.apache.spark.sql.functions.lower(key).equalTo(name.toLowerCase(java.util.Locale.ROOT)), value)
        .otherwise(try_element_at(fields, lit(name)));
  }

  /**
   * The slots of one record that is not a well-formed record of a projected format (its lineage columns, then the key
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
    PublisherFormat adapter = format == null ? null : ADAPTERS.get(format);
    if (adapter == null) {
      return out.rows.iterator(); // not a format ictbench knows: no value slots
    }
    if (adapter.projection().isPresent()) {
      throw new IllegalStateException("well-formed " + format + " records are projected natively (see slots), not extracted");
    }
    for (ValueSlot slot : adapter.slots(fields, vintage(r.get(6)))) {
      List<String> v = slot.fields();
      String[] cells = new String[v.size() + 1];
      cells[0] = slot.kind().label();
      for (int i = 0; i < v.size(); i++) {
        cells[i + 1] = v.get(i);
      }
      out.add(cells);
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

  private static LocalDate vintage(Object date) {
    if (date instanceof java.sql.Date d) {
      return d.toLocalDate();
    } else if (date instanceof LocalDate d) {
      return d;
    }
    return null;
  }
}
