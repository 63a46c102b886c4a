package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * UNSD's M49 overview export, in any language: one classification slot per economy, its UN M49
 * sub-region as the list states it (in its language).
 */
final class M49ListFormat extends CsvFormat {
  @Override
  public boolean detects(List<String> cells) {
    return cells.contains("m49 code") && cells.contains("iso-alpha3 code") && cells.contains("sub-region name");
  }

  @Override
  boolean isHeader(List<String> record) {
    return record.contains("ISO-alpha3 Code");
  }

  @Override
  int slotCount(List<String> header) {
    return 1;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return List.of(ValueSlot.classification(fields.get("ISO-alpha3 Code"), fields.get("Country or Area"), null, null,
        null, fields.get("Sub-region Name"), null));
  }
}
