package org.ictbench.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The value scanner against the grammar it implements. The hand cases come from publisher files (ITU's
 * printf exponents and footnote asterisks, WDI's {@code ..}, comma decimals) and from Java's own number
 * syntax, which is wider than the grammar ({@code 1.5d}, hex, {@code Infinity}); the exhaustive cases
 * compare the scanner with the grammar written as regular expressions, over every string up to five
 * characters of the alphabet the grammar is made of.
 */
class ValueParsingTest {
  private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern MISSING = Pattern.compile("|[.]{2,3}|n/a|n[.]a[.]?|na|nan|null|-{2,}");
  private static final Pattern YEAR = Pattern.compile("[0-9]{4}");

  @Test
  void numbersAsPublishersWriteThem() {
    assertEquals(89.5073, ValueParsing.parseValue("89.5073"));
    assertEquals(-0.5, ValueParsing.parseValue("  -0.5 "));
    assertEquals(0.5, ValueParsing.parseValue(".5"));
    assertEquals(3.0, ValueParsing.parseValue("3."));
    assertEquals(1107200.0, ValueParsing.parseValue("1.1072e+006"));
    assertEquals(110.72, ValueParsing.parseValue("1.1072E2"));
    assertEquals(45.2, ValueParsing.parseValue("45.2*"));
    assertEquals(45.2, ValueParsing.parseValue("45.2**"));
    assertEquals(5.0, ValueParsing.parseValue("5 *"));
    assertEquals(0.0, ValueParsing.parseValue(" - "), "ITU's zero dash");
  }

  @Test
  void anythingElseIsNotANumber() {
    for (String s : List.of("12,5", "1 000", "1e", "1e+", ".", "+", "-.", "e5", "*", "", "  ", "--", "..",
        "1.5d", "2f", "0x1p3", "Infinity", "NaN", "\t5", "5\n", "1.2.3", "++1", "12%", "n/a")) {
      assertNull(ValueParsing.parseValue(s), "'" + s + "'");
    }
    assertNull(ValueParsing.parseValue(null));
  }

  @Test
  void missingMarkers() {
    for (String s : List.of("", " ", "..", " ... ", "N/A", "n.a", "n.a.", "NA", "nan", "NULL", "--", "-----")) {
      assertTrue(ValueParsing.missing(s), "'" + s + "'");
    }
    for (String s : List.of("-", ".", "....", "n.a..", "0", "none", "x")) {
      assertFalse(ValueParsing.missing(s), "'" + s + "'");
    }
    assertTrue(ValueParsing.missing(null));
  }

  @Test
  void yearsAndFootnotes() {
    assertEquals(2024, ValueParsing.parseYear("2024"));
    assertEquals(1995, ValueParsing.parseYear(" 1995 "));
    for (String s : List.of("20x9", "024", "+202", "12345", "２０２４", "")) {
      assertNull(ValueParsing.parseYear(s), "'" + s + "'");
    }
    assertTrue(ValueParsing.footnoteMarked("45.2*"));
    assertTrue(ValueParsing.footnoteMarked(" 3.** "));
    assertFalse(ValueParsing.footnoteMarked("5 *"));
    assertFalse(ValueParsing.footnoteMarked("*"));
    assertFalse(ValueParsing.footnoteMarked("abc*"));
    assertFalse(ValueParsing.footnoteMarked("45"));
  }

  @Test
  void theScannerIsTheGrammarOnEveryShortString() {
    for (String s : strings("0.+-eE* 9", 5)) {
      String t = s.strip();
      Double expected;
      if (t.equals("-")) {
        expected = 0.0;
      } else {
        String c = t.replaceAll("[*]+$", "").strip();
        expected = NUMBER.matcher(c).matches() ? Double.parseDouble(c) : null;
      }
      assertEquals(expected, ValueParsing.parseValue(s), "'" + s + "'");
    }
    for (String s : strings(".nNaA/ul- ", 5)) {
      assertEquals(MISSING.matcher(s.strip().toLowerCase(Locale.ROOT)).matches(), ValueParsing.missing(s),
          "'" + s + "'");
    }
    for (String s : strings("019x ", 6)) {
      String t = s.strip();
      assertEquals(YEAR.matcher(t).matches() ? Integer.valueOf(t) : null, ValueParsing.parseYear(s), "'" + s + "'");
    }
  }

  /** Every string of length 0 to {@code max} over {@code alphabet}. */
  private static List<String> strings(String alphabet, int max) {
    List<String> out = new ArrayList<>();
    out.add("");
    List<String> level = List.of("");
    for (int n = 1; n <= max; n++) {
      List<String> next = new ArrayList<>();
      for (String p : level) {
        for (char c : alphabet.toCharArray()) {
          next.add(p + c);
        }
      }
      out.addAll(next);
      level = next;
    }
    return out;
  }
}
