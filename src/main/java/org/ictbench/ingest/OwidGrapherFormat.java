package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Our World in Data grapher CSV: Entity, Code, Year and one value column; one value slot per row. */
final class OwidGrapherFormat extends CsvFormat {
  private static final List<String> HEADER = List.of("entity", "code", "year");
  private static final List<String> KEYS = List.of("Entity", "Code", "Year");

  @Override
  public boolean detects(List<String> cells) {
    return (cells.size() == 4 || (cells.size() == 5 && cells.get(4).isEmpty()))
        && cells.subList(0, 3).equals(HEADER) && !cells.get(3).isEmpty();
  }

  @Override
  boolean isHeader(List<String> record) {
    return first(record).equalsIgnoreCase("Entity");
  }

  @Override
  int slotCount(List<String> header) {
    return 1;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    String k = null;
    for (String key : fields.keySet()) {
      if (!KEYS.contains(key)) {
        k = key;
        break;
      }
    }
    return List.of(ValueSlot.value(fields.get("Code"), fields.get("Entity"), k, fields.get("Year"),
        k == null ? null : fields.get(k), null, null, k));
  }
}
