package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * ITU IDI input values as an edition's annex publishes them, one economy per row: one value slot per
 * indicator column (a column with a {@code <name>_flag} sibling), then one classification slot (the
 * economy's ITU region and income group in that edition).
 */
final class IdiAnnexFormat extends CsvFormat {
  private static final Pattern YEAR = Pattern.compile("^[0-9]{4}$");

  @Override
  public boolean detects(List<String> cells) {
    return cells.contains("iso3") && cells.contains("internet_users_pct") && cells.contains("internet_users_pct_flag");
  }

  @Override
  boolean isHeader(List<String> record) {
    return record.contains("iso3");
  }

  @Override
  int slotCount(List<String> header) {
    return (int) header.stream().filter(c -> header.contains(c + "_flag")).count() + 1;
  }

  @Override
  public List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage) {
    Integer vintageYear = vintage == null ? null : vintage.getYear();
    List<ValueSlot> out = new ArrayList<>();
    for (Map.Entry<String, String> e : fields.entrySet()) {
      String k = e.getKey();
      if (!fields.containsKey(k + "_flag")) {
        continue;
      }
      String flag = fields.get(k + "_flag");
      // a flag that is a year (e.g. 2021) means ITU used that year's value (lagged); without a
      // reference_year column (the real annex file) edition t scores data year t-2
      String year = flag != null && YEAR.matcher(flag).matches() ? flag
          : orElse(fields.get("reference_year"), vintageYear == null ? null : String.valueOf(vintageYear - 2));
      out.add(ValueSlot.value(fields.get("iso3"), fields.get("economy"), k, year, e.getValue(), flag,
          fields.get("source"), null));
    }
    out.add(ValueSlot.classification(fields.get("iso3"), fields.get("economy"), null,
        orElse(fields.get("edition"), vintageYear == null ? null : String.valueOf(vintageYear)), fields.get("source"),
        fields.get("itu_region"), fields.get("income_group")));
    return out;
  }

  private static String orElse(String a, String b) {
    return a != null ? a : b;
  }
}
