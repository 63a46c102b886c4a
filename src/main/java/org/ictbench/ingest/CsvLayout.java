package org.ictbench.ingest;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a CSV-based {@link SourceFormat} looks like to the record parser: which record is the header
 * (records before it are preamble such as WDI's "Data Source" lines) and how many value slots each
 * record carries. The slot count is the unit of the no-data-lost identity checked after curation.
 */
record CsvLayout(Predicate<List<String>> isHeader, SlotCounter slots) {
  interface SlotCounter extends java.io.Serializable {
    int count(List<String> header);
  }

  private static final Pattern YEAR = Pattern.compile("\\d{4}");

  static CsvLayout of(SourceFormat format) {
    return switch (format) {
      case ITU_DATAHUB_LONG -> new CsvLayout(h -> first(h).equalsIgnoreCase("seriesID"), h -> 1);
      case WDI_WIDE -> new CsvLayout(h -> first(h).equalsIgnoreCase("Country Name"), CsvLayout::yearColumns);
      case WDI_METADATA_COUNTRY -> new CsvLayout(h -> first(h).equalsIgnoreCase("Country Code"), h -> 1);
      case ITU_IDI_ANNEX -> new CsvLayout(h -> h.contains("iso3"), h -> flaggedColumns(h) + 1);
      // descriptive records: kept in bronze, no value slots (indicator names come from the catalog)
      case WDI_METADATA_INDICATOR -> new CsvLayout(h -> first(h).equalsIgnoreCase("INDICATOR_CODE"), h -> 0);
      case OWID_GRAPHER -> new CsvLayout(h -> first(h).equalsIgnoreCase("Entity"), h -> 1);
      // reference rows: written to silver.group_membership straight from bronze, no value slots
      case PEER_GROUP_MEMBERSHIP -> new CsvLayout(h -> first(h).equalsIgnoreCase("group_id"), h -> 0);
      // country reference lists: one classification slot per economy (its UN sub-region)
      case UNSD_M49_LIST -> new CsvLayout(h -> h.contains("ISO-alpha3 Code"), h -> 1);
      case COUNTRY_CODES_LIST -> new CsvLayout(h -> h.contains("ISO3166-1-Alpha-3"), h -> 1);
      default -> throw new IllegalArgumentException(format + " is a workbook layout, not CSV");
    };
  }

  /** WDI: one slot per year column. */
  static int yearColumns(List<String> header) {
    return (int) header.stream().filter(c -> YEAR.matcher(c.trim()).matches()).count();
  }

  /** IDI annex: one slot per indicator column (a column with a {@code <name>_flag} sibling), plus the classification. */
  static int flaggedColumns(List<String> header) {
    return (int) header.stream().filter(c -> header.contains(c + "_flag")).count();
  }

  private static String first(List<String> h) {
    return h.isEmpty() ? "" : h.get(0).trim();
  }
}
