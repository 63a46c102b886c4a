package org.ictbench.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The publisher layouts ictbench reads. A file's format is detected from its content (see docs/ingestion.md,
 * "Input formats"); {@link #sourceId()} names the source in the catalog's precedence table.
 */
public enum SourceFormat {
  ITU_DATAHUB_LONG("ITU_DATAHUB", "ITU", "ITU DataHub long CSV export (one value per row)"),
  WDI_WIDE("WB_WDI", "WB", "World Bank WDI wide CSV (one economy per row, one column per year)"),
  WDI_METADATA_COUNTRY("WB_WDI", "WB", "World Bank WDI Metadata_Country CSV (region and income group)"),
  ITU_IDI_ANNEX("ITU_IDI_ANNEX", "ITU", "ITU IDI input values as published in an edition's annex (one economy per row)"),
  WDI_METADATA_INDICATOR("WB_WDI", "WB", "World Bank WDI Metadata_Indicator CSV (indicator name and source note; descriptive, no value slots)"),
  OWID_GRAPHER("OWID", "OWID", "Our World in Data grapher CSV (Entity, Code, Year, one value column)"),
  PEER_GROUP_MEMBERSHIP("PEER_GROUPS", "REF", "Peer-group membership list with dates (group_id, iso3, membership_status, joined, left)"),
  ITU_WTI_WORKBOOK("ITU_WTI_XLS", "ITU", "ITU World Telecommunication/ICT Indicators legacy workbook (.xls/.xlsx; economies by name, year blocks side by side)", true),
  ITU_CORE_HOUSEHOLD("ITU_CORE_HH", "ITU", "ITU Core Household Indicators workbook (latest year per indicator, 3-row header)", true),
  ITU_KEY_AGGREGATES("ITU_AGGREGATES", "ITU", "ITU Facts and Figures regional/global aggregates workbook (stacked blocks, two series per row)", true),
  ITU_GENDER_WORKBOOK("ITU_WTI_XLS", "ITU", "ITU Individuals using the Internet by gender workbook (latest year; all, male, female)", true),
  WB_OGHIST("WB_OGHIST", "WB", "World Bank OGHIST historical income classifications workbook (one economy per row, one column per fiscal year)", true),
  UNSD_M49_LIST("UNSD_M49", "UNSD", "UNSD M49 standard country or area codes, overview export in any language (one economy per row: M49 and ISO codes, region, sub-region)"),
  COUNTRY_CODES_LIST("COUNTRY_CODES", "REF", "datasets/country-codes CSV (one economy per row: ISO 3166, M49, ITU and other codes, names, UN region and sub-region)");

  /**
   * The columns of ITU DataHub's CSV export ({@link #ITU_DATAHUB_LONG}) in the order it ships them
   * (every export in the shared collection). The format is recognised by the first seven; curation
   * reads a record's fields at these positions first (bronze keeps a file's column order).
   */
  public static final List<String> DATAHUB_EXPORT_COLUMNS = List.of("seriesID", "seriesCode", "seriesName",
      "seriesParent", "seriesUnits", "entityID", "entityIso", "entityName", "dataValue", "dataYear", "dataNote",
      "dataSource", "seriesDescription");

  private final String sourceId;
  private final String publisher;
  private final String description;
  private final boolean workbook;

  SourceFormat(String sourceId, String publisher, String description) {
    this(sourceId, publisher, description, false);
  }

  SourceFormat(String sourceId, String publisher, String description, boolean workbook) {
    this.sourceId = sourceId;
    this.publisher = publisher;
    this.description = description;
    this.workbook = workbook;
  }

  /** True for spreadsheet layouts read with Apache POI (else CSV). */
  public boolean workbook() {
    return workbook;
  }

  public String sourceId() {
    return sourceId;
  }

  public String publisher() {
    return publisher;
  }

  public String description() {
    return description;
  }

  public static Optional<SourceFormat> byName(String name) {
    return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst();
  }
}
