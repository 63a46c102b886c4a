package org.ictbench.ingest;

import java.util.List;
import java.util.Locale;

/**
 * Decides a file's {@link SourceFormat} from its first lines (never from its name alone), or says
 * why the file is not recognised.
 */
final class FormatDetector {
  record Detection(SourceFormat format, String reason) {
    boolean recognised() {
      return format != null;
    }
  }

  /** The first seven columns of the DataHub export, compared case-insensitively. */
  private static final List<String> DATAHUB_HEADER = SourceFormat.DATAHUB_EXPORT_COLUMNS.subList(0, 7).stream()
      .map(c -> c.toLowerCase(Locale.ROOT)).toList();
  private static final List<String> WDI_HEADER =
      List.of("country name", "country code", "indicator name", "indicator code");
  private static final List<String> WDI_META_HEADER = List.of("country code", "region", "incomegroup");

  private static final List<String> OWID_HEADER = List.of("entity", "code", "year");

  private FormatDetector() {}

  static Detection detect(String fileName, String head) {
    if (head.indexOf('\0') >= 0) {
      return new Detection(null, "binary file");
    }
    String[] lines = head.split("\r?\n", 12);
    for (int i = 0; i < Math.min(lines.length, 10); i++) {
      List<String> cells = cells(lines[i]);
      if (startsWith(cells, DATAHUB_HEADER)) {
        return new Detection(SourceFormat.ITU_DATAHUB_LONG, null);
      }
      if (startsWith(cells, WDI_HEADER)) {
        return new Detection(SourceFormat.WDI_WIDE, null);
      }
      if (startsWith(cells, WDI_META_HEADER)) {
        return new Detection(SourceFormat.WDI_METADATA_COUNTRY, null);
      }
      if (cells.contains("iso3") && cells.contains("internet_users_pct") && cells.contains("internet_users_pct_flag")) {
        return new Detection(SourceFormat.ITU_IDI_ANNEX, null);
      }
      if (cells.size() >= 2 && cells.get(0).equals("indicator_code") && cells.get(1).equals("indicator_name")) {
        return new Detection(SourceFormat.WDI_METADATA_INDICATOR, null);
      }
      if ((cells.size() == 4 || (cells.size() == 5 && cells.get(4).isEmpty()))
          && cells.subList(0, 3).equals(OWID_HEADER) && !cells.get(3).isEmpty()) {
        return new Detection(SourceFormat.OWID_GRAPHER, null);
      }
      if (startsWith(cells, List.of("group_id", "group_name")) && cells.contains("iso3")
          && cells.contains("membership_status")) {
        return new Detection(SourceFormat.PEER_GROUP_MEMBERSHIP, null);
      }
      if (cells.contains("m49 code") && cells.contains("iso-alpha3 code") && cells.contains("sub-region name")) {
        return new Detection(SourceFormat.UNSD_M49_LIST, null);
      }
      if (cells.contains("iso3166-1-alpha-3") && cells.contains("m49") && cells.contains("sub-region name")) {
        return new Detection(SourceFormat.COUNTRY_CODES_LIST, null);
      }
    }
    return new Detection(null, "no known header in the first 10 lines (not an ITU DataHub, WDI, OWID, IDI annex, peer-group or"
        + " country reference CSV)");
  }

  /** Header cells, lower-cased, without quotes, BOM or surrounding blanks (cheap split, header lines only). */
  static List<String> cells(String line) {
    String l = line.startsWith("\uFEFF") ? line.substring(1) : line;
    return java.util.Arrays.stream(l.split(",", -1))
        .map(c -> c.trim().replace("\"", "").toLowerCase(Locale.ROOT))
        .toList();
  }

  private static boolean startsWith(List<String> cells, List<String> prefix) {
    return cells.size() >= prefix.size() && cells.subList(0, prefix.size()).equals(prefix);
  }
}
