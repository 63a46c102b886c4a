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

  /**
   * Detection from a file's first bytes: compressed and UTF-16 files are named as such (ictbench reads
   * uncompressed UTF-8 text and workbooks), other binary content is "binary", text goes to
   * {@link #detect(String, String)}.
   */
  static Detection detect(String fileName, byte[] head) {
    int b0 = head.length > 0 ? head[0] & 0xFF : -1;
    int b1 = head.length > 1 ? head[1] & 0xFF : -1;
    if (b0 == 0x1F && b1 == 0x8B) {
      return new Detection(null, "gzip-compressed file: decompress it into the raw folder (ictbench reads uncompressed"
          + " CSV files and workbooks)");
    }
    if (b0 == 'P' && b1 == 'K') {
      return new Detection(null, "zip archive: unpack it into the raw folder (ictbench reads uncompressed CSV files and"
          + " workbooks)");
    }
    if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
      return new Detection(null, "UTF-16 text (byte-order mark " + String.format("%02X %02X", b0, b1)
          + "): save it as UTF-8");
    }
    int nuls = 0;
    int evenNuls = 0;
    int n = Math.min(head.length, 4096);
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        nuls++;
        evenNuls += i % 2 == 0 ? 1 : 0;
      }
    }
    if (nuls > 0) {
      boolean oneParity = evenNuls == 0 || evenNuls == nuls;
      if (oneParity && nuls * 3 >= n) {
        return new Detection(null, "UTF-16 text without a byte-order mark (every other byte is 0): save it as UTF-8");
      }
      return new Detection(null, "binary file (NUL bytes in its first " + n + " bytes)");
    }
    return detect(fileName, org.ictbench.core.Utf8Text.decode(head));
  }

  static Detection detect(String fileName, String head) {
    if (head.indexOf('\0') >= 0) {
      return new Detection(null, "binary file");
    }
    // CRLF, LF and old Mac CR line ends alike
    String[] lines = head.split("\r\n|\r|\n", 12);
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

  /** Header cells, lower-cased, without quotes or surrounding blanks (cheap split, header lines only). */
  static List<String> cells(String line) {
    return java.util.Arrays.stream(line.split(",", -1))
        .map(c -> c.trim().replace("\"", "").toLowerCase(Locale.ROOT))
        .toList();
  }

  private static boolean startsWith(List<String> cells, List<String> prefix) {
    return cells.size() >= prefix.size() && cells.subList(0, prefix.size()).equals(prefix);
  }
}
