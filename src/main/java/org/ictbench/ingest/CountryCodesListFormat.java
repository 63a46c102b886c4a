package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The datasets/country-codes CSV: one classification slot per economy, its UN M49 sub-region, named
 * by the first English name the list has.
 */
final class CountryCodesListFormat extends CsvFormat {
  @Override
  public boolean detects(List<String> cells) {
    return cells.contains("iso3166-1-alpha-3") && cells.contains("m49") && cells.contains("sub-region name");
  }

  @Override
  boolean isHeader(List<String> record) {
    return record.contains("ISO3166-1-Alpha-3");
  }

  @Override
  int slotCount(List<String> header) {
    return 1;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return List.of(ValueSlot.classification(fields.get("ISO3166-1-Alpha-3"),
        field(fields, "CLDR display name", "official_name_en", "UNTERM English Short"), null, null, null,
        fields.get("Sub-region Name"), null));
  }
}
