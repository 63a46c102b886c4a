package org.ictbench.ingest;

import java.util.List;
import java.util.Locale;

/**
 * Decides a CSV file's {@link SourceFormat} from its first lines (never from its name alone), or says
 * why the file is not recognised: each of the first ten lines is offered to every format's adapter in
 * declaration order, and the first that recognises one as its header wins.
 */
final class FormatDetector {
  record Detection(SourceFormat format, String reason) {
    boolean recognised() {
      return format != null;
    }
  }

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
      for (SourceFormat f : SourceFormat.values()) {
        if (f.adapter().detects(cells)) {
          return new Detection(f, null);
        }
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
}
