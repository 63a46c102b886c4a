package org.ictbench.curate;

import static org.apache.spark.sql.functions.udf;

import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Explicit value and year parsing. Spark 4 runs in ANSI mode, where a blind CAST of '..' throws and
 * try_cast hides why a value vanished; here every value is classified (missing marker, footnote-marked
 * number, plain number, anything else) by one hand-written scanner per slot, and only a string that
 * matched the number grammar is converted, so every rejection has a reason (the rules in
 * {@link ReasonRules} test the parsed columns).
 *
 * <p>The grammar, on the value with surrounding spaces (U+0020) removed: a plain decimal with an
 * optional sign and exponent ({@code 12}, {@code -0.5}, {@code .5}, {@code 3.}, C-printf style
 * {@code 1.1072e+006}), optionally followed by footnote asterisks ({@code 45.2*}); a lone dash is
 * ITU's zero; a missing marker is empty, {@code ..}, {@code ...}, {@code n/a}, {@code n.a}, {@code n.a.},
 * {@code na}, {@code nan}, {@code null} or two or more dashes, in any case. Anything else (a comma
 * decimal, text, a tab) is not a number. Why one scanner rather than regular expressions: each
 * {@code rlike} or {@code regexp_replace} decodes the value into a Java string and runs a regex, and
 * the per-slot rules needed about six of them per slot.
 */
final class ValueParsing {
  private static final Set<String> MISSING_MARKERS =
      Set.of("", "..", "...", "n/a", "n.a", "n.a.", "na", "nan", "null");

  private static final UserDefinedFunction VALUE =
      udf((UDF1<String, Double>) ValueParsing::parseValue, DataTypes.DoubleType).withName("parse_value");
  private static final UserDefinedFunction YEAR =
      udf((UDF1<String, Integer>) ValueParsing::parseYear, DataTypes.IntegerType).withName("parse_year");
  private static final UserDefinedFunction MISSING =
      udf((UDF1<String, Boolean>) ValueParsing::missing, DataTypes.BooleanType).withName("is_missing_marker");
  private static final UserDefinedFunction FOOTNOTE =
      udf((UDF1<String, Boolean>) ValueParsing::footnoteMarked, DataTypes.BooleanType).withName("has_footnote_marker");

  private ValueParsing() {}

  /** True for a null value or a publisher's not-available marker. */
  static Column isMissing(Column raw) {
    return raw.isNull().or(MISSING.apply(raw));
  }

  /** True for a number with a trailing footnote marker ({@code 45.2*}), which the parsed value drops. */
  static Column hasFootnoteMarker(Column raw) {
    return FOOTNOTE.apply(raw);
  }

  /** The parsed value; null unless the raw value is a number in the grammar (or ITU's zero dash). */
  static Column value(Column raw) {
    return VALUE.apply(raw);
  }

  /** A four-digit year, or null. */
  static Column year(Column raw) {
    return YEAR.apply(raw);
  }

  // ---- the scanner (plain Java, so it is tested without Spark) --------------------------------

  static Double parseValue(String raw) {
    if (raw == null) {
      return null;
    }
    String t = trimSpaces(raw);
    if (t.equals("-")) {
      return 0.0;
    }
    String c = trimSpaces(t.substring(0, withoutStars(t)));
    return isNumber(c) ? Double.parseDouble(c) : null;
  }

  static Integer parseYear(String raw) {
    if (raw == null) {
      return null;
    }
    String t = trimSpaces(raw);
    if (t.length() != 4) {
      return null;
    }
    int y = 0;
    for (int i = 0; i < 4; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      y = y * 10 + (c - '0');
    }
    return y;
  }

  static Boolean missing(String raw) {
    if (raw == null) {
      return true;
    }
    String t = trimSpaces(raw).toLowerCase(Locale.ROOT);
    if (MISSING_MARKERS.contains(t)) {
      return true;
    }
    if (t.length() < 2) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) != '-') {
        return false;
      }
    }
    return true;
  }

  static Boolean footnoteMarked(String raw) {
    if (raw == null) {
      return null;
    }
    String t = trimSpaces(raw);
    int i = withoutStars(t);
    if (i == t.length() || i == 0) {
      return false;
    }
    char c = t.charAt(i - 1);
    return c == '.' || (c >= '0' && c <= '9');
  }

  /**
   * Spark's {@code trim}: removes leading and trailing space characters (U+0020) only, so a tab or a
   * line break stays part of the value. Returns {@code s} itself when there is nothing to remove.
   */
  static String trimSpaces(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && s.charAt(b) == ' ') {
      b++;
    }
    while (e > b && s.charAt(e - 1) == ' ') {
      e--;
    }
    return s.substring(b, e);
  }

  /** The length of {@code t} without its trailing footnote asterisks. */
  private static int withoutStars(String t) {
    int i = t.length();
    while (i > 0 && t.charAt(i - 1) == '*') {
      i--;
    }
    return i;
  }

  /** {@code [+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?} over the whole of {@code s}. */
  private static boolean isNumber(String s) {
    int e = s.length();
    int i = 0;
    if (i < e && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int intDigits = digits(s, i, e);
    i += intDigits;
    int fracDigits = 0;
    if (i < e && s.charAt(i) == '.') {
      i++;
      fracDigits = digits(s, i, e);
      i += fracDigits;
    }
    if (intDigits == 0 && fracDigits == 0) {
      return false;
    }
    if (i < e && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < e && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int expDigits = digits(s, i, e);
      if (expDigits == 0) {
        return false;
      }
      i += expDigits;
    }
    return i == e;
  }

  private static int digits(String s, int from, int e) {
    int i = from;
    while (i < e && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i - from;
  }
}
