package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** ITU DataHub's long CSV export: one value per row, recognised by its first seven columns. */
final class DataHubFormat extends CsvFormat {
  /** The export's columns in the order it ships them (every export in the shared collection). */
  static final List<String> COLUMNS = List.of("seriesID", "seriesCode", "seriesName", "seriesParent", "seriesUnits",
      "entityID", "entityIso", "entityName", "dataValue", "dataYear", "dataNote", "dataSource", "seriesDescription");

  private static final List<String> HEADER = COLUMNS.subList(0, 7).stream()
      .map(c -> c.toLowerCase(Locale.ROOT)).toList();
  private static final Projection PROJECTION = new Projection(COLUMNS, ValueSlot.value("entityIso", "entityName",
      "seriesCode", "dataYear", "dataValue", "dataSource", "dataNote", "seriesUnits"));

  @Override
  public boolean detects(List<String> cells) {
    return startsWith(cells, HEADER);
  }

  @Override
  boolean isHeader(List<String> record) {
    return first(record).equalsIgnoreCase("seriesID");
  }

  @Override
  int slotCount(List<String> header) {
    return 1;
  }

  @Override
  public Optional<Projection> projection() {
    return Optional.of(PROJECTION);
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    return List.of(PROJECTION.apply(fields));
  }
}
