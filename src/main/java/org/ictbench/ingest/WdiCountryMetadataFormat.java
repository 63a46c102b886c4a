package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** World Bank WDI Metadata_Country CSV: one classification slot per economy (region and income group). */
final class WdiCountryMetadataFormat extends CsvFormat {
  private static final List<String> HEADER = List.of("country code", "region", "incomegroup");

  @Override
  public boolean detects(List<String> cells) {
    return startsWith(cells, HEADER);
  }

  @Override
  boolean isHeader(List<String> record) {
    return first(record).equalsIgnoreCase("Country Code");
  }

  @Override
  int slotCount(List<String> header) {
    return 1;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return List.of(ValueSlot.classification(fields.get("Country Code"), fields.get("TableName"), null, null,
        fields.get("SpecialNotes"), fields.get("Region"), fields.get("IncomeGroup")));
  }
}
