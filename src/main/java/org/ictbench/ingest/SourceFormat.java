package org.ictbench.ingest;

import java.util.Arrays;
import java.util.Optional;

/**
 * The publisher layouts ictbench reads. A file's format is detected from its content (see README,
 * "Input formats"); {@link #sourceId()} names the source in the catalog's precedence table.
 */
public enum SourceFormat {
  ITU_DATAHUB_LONG("ITU_DATAHUB", "ITU", "ITU DataHub long CSV export (one value per row)"),
  WDI_WIDE("WB_WDI", "WB", "World Bank WDI wide CSV (one economy per row, one column per year)"),
  WDI_METADATA_COUNTRY("WB_WDI", "WB", "World Bank WDI Metadata_Country CSV (region and income group)"),
  ITU_IDI_ANNEX("ITU_IDI_ANNEX", "ITU", "ITU IDI input values as published in an edition's annex (one economy per row)");

  private final String sourceId;
  private final String publisher;
  private final String description;

  SourceFormat(String sourceId, String publisher, String description) {
    this.sourceId = sourceId;
    this.publisher = publisher;
    this.description = description;
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
