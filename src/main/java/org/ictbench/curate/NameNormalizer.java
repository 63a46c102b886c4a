package org.ictbench.curate;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one normalization applied to both alias table entries and publisher names before they are
 * compared: NFKC; invisible format characters (zero-width space and joiners, soft hyphen) dropped; Latin diacritics dropped (Côte → cote) but Cyrillic and CJK kept intact; lower
 * case; typographic apostrophes unified; {@code &} → "and"; trailing footnote markers removed
 * ({@code *}, a bare or parenthesised number); whitespace and underscores collapsed.
 */
final class NameNormalizer {
  private static final Pattern FOOTNOTE = Pattern.compile("(\\s*(\\*+|\\(\\d{1,3}\\)|\\d{1,3}))+$");
  private static final Pattern SPACES = Pattern.compile("[\\s_]+");
  /** Format characters (zero-width space and joiners, soft hyphen, byte-order mark): invisible, never meant. */
  static final Pattern INVISIBLE = Pattern.compile("\\p{Cf}");

  private NameNormalizer() {}

  static String normalize(String s) {
    if (s == null) {
      return "";
    }
    String n = INVISIBLE.matcher(Normalizer.normalize(s, Normalizer.Form.NFKC)).replaceAll("");
    n = dropLatinMarks(n);
    n = n.toLowerCase(Locale.ROOT)
        .replace('\u2019', '\'').replace('\u2018', '\'').replace('`', '\'').replace('\u00B4', '\'')
        .replace("&", " and ");
    n = SPACES.matcher(n).replaceAll(" ").trim();
    n = FOOTNOTE.matcher(n).replaceAll("");
    return SPACES.matcher(n).replaceAll(" ").trim();
  }

  /** Decomposes and drops combining marks whose base character is ASCII (so й stays й). */
  private static String dropLatinMarks(String s) {
    String d = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(d.length());
    char base = 0;
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        if (base < 128) {
          continue;
        }
      } else {
        base = c;
      }
      out.append(c);
    }
    return Normalizer.normalize(out, Normalizer.Form.NFC);
  }
}
