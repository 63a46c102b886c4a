package org.ictbench.curate;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.ictbench.ingest.SourceFormat;

/**
 * Turns bronze records into value slots with one common shape, whatever the publisher layout: a
 * DataHub row is one slot, a WDI row one slot per year column, an IDI annex row one slot per
 * indicator plus one classification slot, a Metadata_Country row one classification slot. A record
 * the parser marked malformed is one slot of kind {@code malformed}. No rows are dropped here.
 */
final class SlotExtraction {
  static final List<String> LINEAGE = List.of(
      "run_id", "source_id", "format", "file_uri", "file_name", "file_sha256", "vintage", "record_number", "fields");
  static final List<String> SLOT = List.of(
      "slot_kind", "publisher", "entity_code", "entity_name", "publisher_code", "year_raw", "value_raw",
      "flag_raw", "note", "unit_label", "region", "income_group");

  private SlotExtraction() {}

  static Dataset<Row> slots(Dataset<Row> bronze) {
    Dataset<Row> wellFormed = bronze.filter(expr("NOT map_contains_key(fields, '_malformed')"));
    Dataset<Row> malformed = bronze.filter(expr("map_contains_key(fields, '_malformed')"))
        .select(cols(lit("malformed"), publisher(), f("entityIso", "Country Code", "iso3"),
            f("entityName", "Country Name", "economy"), f("seriesCode", "Indicator Code"), nul(),
            nul(), nul(), f("_malformed"), nul(), nul(), nul()));
    Dataset<Row> datahub = of(wellFormed, SourceFormat.ITU_DATAHUB_LONG)
        .select(cols(lit("value"), publisher(), f("entityIso"), f("entityName"), f("seriesCode"), f("dataYear"),
            f("dataValue"), f("dataSource"), f("dataNote"), f("seriesUnits"), nul(), nul()));
    Dataset<Row> wdi = of(wellFormed, SourceFormat.WDI_WIDE)
        .select(withAll(explode(expr("map_filter(fields, (k, v) -> k rlike '^[0-9]{4}$')")).as(new String[] {"y", "v"})))
        .select(cols(lit("value"), publisher(), f("Country Code"), f("Country Name"), f("Indicator Code"), col("y"),
            col("v"), nul(), nul(), f("Indicator Name"), nul(), nul()));
    Dataset<Row> wdiMeta = of(wellFormed, SourceFormat.WDI_METADATA_COUNTRY)
        .select(cols(lit("classification"), publisher(), f("Country Code"), f("TableName"), nul(), nul(), nul(),
            nul(), f("SpecialNotes"), nul(), f("Region"), f("IncomeGroup")));
    Dataset<Row> annex = of(wellFormed, SourceFormat.ITU_IDI_ANNEX);
    Dataset<Row> annexValues = annex
        .select(withAll(explode(expr("map_filter(fields, (k, v) -> map_contains_key(fields, k || '_flag'))"))
            .as(new String[] {"k", "v"})))
        .select(cols(lit("value"), publisher(), f("iso3"), f("economy"), col("k"),
            // a flag that is a year (e.g. 2021) means ITU used that year's value (lagged)
            when(try_element_at(col("fields"), expr("k || '_flag'")).rlike("^[0-9]{4}$"),
                try_element_at(col("fields"), expr("k || '_flag'")))
                // no reference_year column (the real annex file): edition t scores data year t-2
                .otherwise(coalesce(f("reference_year"), expr("cast(year(vintage) - 2 AS string)"))),
            col("v"), try_element_at(col("fields"), expr("k || '_flag'")), f("source"), nul(), nul(), nul()));
    Dataset<Row> annexClass = annex
        .select(cols(lit("classification"), publisher(), f("iso3"), f("economy"), nul(),
            coalesce(f("edition"), expr("cast(year(vintage) AS string)")), nul(), nul(),
            f("source"), nul(), f("itu_region"), f("income_group")));
    Dataset<Row> owid = of(wellFormed, SourceFormat.OWID_GRAPHER)
        .withColumn("k", expr("try_element_at(filter(map_keys(fields), k -> k NOT IN ('Entity', 'Code', 'Year')), 1)"))
        .select(cols(lit("value"), publisher(), f("Code"), f("Entity"), col("k"), f("Year"),
            try_element_at(col("fields"), col("k")), nul(), nul(), col("k"), nul(), nul()));
    // workbook layouts: value fields are '<series>|<year>' (see ingest.WorkbookLayouts)
    Dataset<Row> wide = wellFormed.filter(col("format").isin(SourceFormat.ITU_WTI_WORKBOOK.name(),
            SourceFormat.ITU_KEY_AGGREGATES.name()))
        .select(withAll(explode(expr("map_filter(fields, (k, v) -> k rlike '[|][0-9]{4}$')")).as(new String[] {"k", "v"})))
        .withColumn("y", expr("regexp_extract(k, '([0-9]{4})$', 1)"))
        .withColumn("wnote", expr("concat_ws('; ', try_element_at(fields, 'Notes ' || y), try_element_at(fields, 'Source ' || y))"))
        .select(cols(lit("value"), publisher(), nul(), f("economy", "entity"),
            expr("trim(regexp_extract(k, '^(.*)[|][0-9]{4}$', 1))"), col("y"), col("v"), col("wnote"), col("wnote"),
            nul(), nul(), nul()));
    Dataset<Row> coreHh = of(wellFormed, SourceFormat.ITU_CORE_HOUSEHOLD)
        .select(withAll(explode(expr("map_filter(fields, (k, v) -> k rlike '^HH[0-9A-Za-z]+$')")).as(new String[] {"k", "v"})))
        .select(cols(lit("value"), publisher(), nul(), f("economy"), col("k"),
            try_element_at(col("fields"), expr("k || ' year'")), col("v"), nul(),
            expr("'ITU footnote ' || try_element_at(fields, k || ' footnote')"), nul(), nul(), nul()));
    Dataset<Row> gender = of(wellFormed, SourceFormat.ITU_GENDER_WORKBOOK)
        .select(withAll(explode(expr("map_filter(fields, (k, v) -> k IN ('Individuals', 'Male', 'Female'))"))
            .as(new String[] {"k", "v"})))
        .select(cols(lit("value"), publisher(), nul(), f("economy"), expr("'Internet users by gender|' || k"),
            f("year"), col("v"), nul(), expr("'ITU footnote ' || try_element_at(fields, k || ' footnote')"), nul(),
            nul(), nul()));
    // OGHIST: one classification slot per fiscal-year column; year_raw is the fiscal year (FY89 -> 1989)
    Dataset<Row> oghist = of(wellFormed, SourceFormat.WB_OGHIST)
        .select(withAll(explode(expr("map_filter(fields, (k, v) -> k rlike '^FY[0-9]{2}$')")).as(new String[] {"k", "v"})))
        .select(cols(lit("classification"), publisher(), f("code"), f("name"), col("k"),
            expr("CASE WHEN substr(k, 3, 2) >= '50' THEN '19' ELSE '20' END || substr(k, 3, 2)"), nul(), nul(),
            nul(), nul(), nul(), col("v")));
    return malformed.unionByName(datahub).unionByName(wdi).unionByName(wdiMeta)
        .unionByName(annexValues).unionByName(annexClass).unionByName(owid).unionByName(wide)
        .unionByName(coreHh).unionByName(gender).unionByName(oghist);
  }

  private static Dataset<Row> of(Dataset<Row> bronze, SourceFormat format) {
    return bronze.filter(col("format").equalTo(format.name()));
  }

  /** A raw field by the first of the given names that the record has (publisher layouts differ). */
  private static Column f(String... names) {
    Column[] c = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      c[i] = try_element_at(col("fields"), lit(names[i]));
    }
    return names.length == 1 ? c[0] : coalesce(c);
  }

  private static Column nul() {
    return lit(null).cast("string");
  }

  private static Column publisher() {
    return expr("CASE WHEN source_id LIKE 'ITU%' THEN 'ITU' WHEN source_id LIKE 'WB%' THEN 'WB' ELSE 'OWID' END");
  }

  private static Column[] withAll(Column extra) {
    List<Column> out = new ArrayList<>();
    LINEAGE.forEach(c -> out.add(col(c)));
    out.add(extra);
    return out.toArray(new Column[0]);
  }

  private static Column[] cols(Column... slot) {
    List<Column> out = new ArrayList<>();
    LINEAGE.forEach(c -> out.add(col(c)));
    for (int i = 0; i < slot.length; i++) {
      out.add(slot[i].as(SLOT.get(i)));
    }
    return out.toArray(new Column[0]);
  }
}
