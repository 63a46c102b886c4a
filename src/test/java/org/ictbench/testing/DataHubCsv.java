package org.ictbench.testing;

/** Hand-made ITU DataHub long CSV fixtures: the export's header (with its BOM) and one data row. */
public final class DataHubCsv {
  /** The 13 columns of a DataHub export, as shipped, UTF-8 BOM included. */
  public static final String HEADER = "\uFEFF\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\","
      + "\"seriesUnits\",\"entityID\",\"entityIso\",\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\","
      + "\"dataSource\",\"seriesDescription\"\n";

  private DataHubCsv() {}

  /** One data row of series {@code code} for an economy, with the value and year exactly as given. */
  public static String row(String code, String iso, String name, String value, String year) {
    return String.format("1,\"%s\",\"x\",,\"%%\",1,\"%s\",\"%s\",\"%s\",%s,\"\",\"src\",\"\"\n", code, iso, name, value, year);
  }
}
