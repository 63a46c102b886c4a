package org.ictbench.ingest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The publisher formats ictbench reads, each with the adapter that detects, parses and extracts the
 * value slots of its files ({@link PublisherFormat}): the one place a format is registered. A file's
 * format is detected from its content (see docs/ingestion.md, "Input formats"), trying the formats in
 * the order declared here, so a more specific layout comes before a looser one; {@link #sourceId()}
 * names the source in the catalog's precedence table.
 */
public enum SourceFormat {
  ITU_DATAHUB_LONG("ITU_DATAHUB", "ITU", "ITU DataHub long CSV export (one value per row)", new DataHubFormat()),
  WDI_WIDE("WB_WDI", "WB", "World Bank WDI wide CSV (one economy per row, one column per year)", new WdiWideFormat()),
  WDI_METADATA_COUNTRY("WB_WDI", "WB", "World Bank WDI Metadata_Country CSV (region and income group)",
      new WdiCountryMetadataFormat()),
  ITU_IDI_ANNEX("ITU_IDI_ANNEX", "ITU", "ITU IDI input values as published in an edition's annex (one economy per row)",
      new IdiAnnexFormat()),
  WDI_METADATA_INDICATOR("WB_WDI", "WB", "World Bank WDI Metadata_Indicator CSV (indicator name and source note;"
      + " descriptive, no value slots)", new WdiIndicatorMetadataFormat()),
  OWID_GRAPHER("OWID", "OWID", "Our World in Data grapher CSV (Entity, Code, Year, one value column)",
      new OwidGrapherFormat()),
  PEER_GROUP_MEMBERSHIP("PEER_GROUPS", "REF", "Peer-group membership list with dates (group_id, iso3,"
      + " membership_status, joined, left)", new PeerGroupFormat()),
  WB_OGHIST("WB_OGHIST", "WB", "World Bank OGHIST historical income classifications workbook (one economy per row,"
      + " one column per fiscal year)", new OghistFormat()),
  ITU_CORE_HOUSEHOLD("ITU_CORE_HH", "ITU", "ITU Core Household Indicators workbook (latest year per indicator, 3-row"
      + " header)", new CoreHouseholdFormat()),
  ITU_GENDER_WORKBOOK("ITU_WTI_XLS", "ITU", "ITU Individuals using the Internet by gender workbook (latest year; all,"
      + " male, female)", new GenderWorkbookFormat()),
  ITU_WTI_WORKBOOK("ITU_WTI_XLS", "ITU", "ITU World Telecommunication/ICT Indicators legacy workbook (.xls/.xlsx;"
      + " economies by name, year blocks side by side)", new WtiWorkbookFormat()),
  ITU_KEY_AGGREGATES("ITU_AGGREGATES", "ITU", "ITU Facts and Figures regional/global aggregates workbook (stacked"
      + " blocks, two series per row)", new AggregatesFormat()),
  UNSD_M49_LIST("UNSD_M49", "UNSD", "UNSD M49 standard country or area codes, overview export in any language (one"
      + " economy per row: M49 and ISO codes, region, sub-region)", new M49ListFormat()),
  COUNTRY_CODES_LIST("COUNTRY_CODES", "REF", "datasets/country-codes CSV (one economy per row: ISO 3166, M49, ITU and"
      + " other codes, names, UN region and sub-region)", new CountryCodesListFormat());

  private final String sourceId;
  private final String publisher;
  private final String description;
  private final PublisherFormat adapter;

  SourceFormat(String sourceId, String publisher, String description, PublisherFormat adapter) {
    this.sourceId = sourceId;
    this.publisher = publisher;
    this.description = description;
    this.adapter = adapter;
  }

  /** The adapter that detects, parses and extracts the value slots of this format. */
  public PublisherFormat adapter() {
    return adapter;
  }

  /** True for spreadsheet layouts read with Apache POI (else CSV). */
  public boolean workbook() {
    return adapter.workbook();
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
