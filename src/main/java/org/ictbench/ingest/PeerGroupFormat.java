package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A peer-group membership list with dates: reference rows, written to silver.group_membership
 * straight from bronze, with no value slots.
 */
final class PeerGroupFormat extends CsvFormat {
  @Override
  public boolean detects(List<String> cells) {
    return startsWith(cells, List.of("group_id", "group_name")) && cells.contains("iso3")
        && cells.contains("membership_status");
  }

  @Override
  boolean isHeader(List<String> record) {
    return first(record).equalsIgnoreCase("group_id");
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
