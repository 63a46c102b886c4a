package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * World Bank WDI Metadata_Indicator CSV: descriptive records, kept in bronze with no value slots
 * (indicator names come from the catalog).
 */
final class WdiIndicatorMetadataFormat extends CsvFormat {
  @Override
  public boolean detects(List<String> cells) {
    return cells.size() >= 2 && cells.get(0).equals("indicator_code") && cells.get(1).equals("indicator_name");
  }

  @Override
  boolean isHeader(List<String> record) {
    return first(record).equalsIgnoreCase("INDICATOR_CODE");
  }

  @Override
  int slotCount(List<String> header) {
    return 0;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return List.of();
  }
}
