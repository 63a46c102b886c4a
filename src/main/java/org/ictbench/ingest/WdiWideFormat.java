package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** World Bank WDI wide CSV: one economy and indicator per row, one value slot per year column. */
final class WdiWideFormat extends CsvFormat {
  private static final List<String> HEADER = List.of("country name", "country code", "indicator name", "indicator code");
  private static final Pattern HEADER_YEAR = Pattern.compile("\\d{4}");
  private static final Pattern YEAR = Pattern.compile("^[0-9]{4}$");

  @Override
  public boolean detects(List<String> cells) {
    return startsWith(cells, HEADER);
  }

  @Override
  boolean isHeader(List<String> record) {
    return first(record).equalsIgnoreCase("Country Name");
  }

  @Override
  int slotCount(List<String> header) {
    return (int) header.stream().filter(c -> HEADER_YEAR.matcher(c.trim()).matches()).count();
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    List<ValueSlot> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (YEAR.matcher(e.getKey()).matches()) {
        out.add(ValueSlot.value(fields.get("Country Code"), fields.get("Country Name"), fields.get("Indicator Code"),
            e.getKey(), e.getValue(), null, null, fields.get("Indicator Name")));
      }
    }
    return out;
  }
}
