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
    int b = firstNonSpace(raw);
    int e = endWithoutSpaces(raw, b);
    if (e - b == 1 && raw.charAt(b) == '-') {
      return 0.0;
    }
    int stars = e;
    while (stars > b && raw.charAt(stars - 1) == '*') {
      stars--;
    }
    int end = endWithoutSpaces(raw, b, stars);
    return isNumber(raw, b, end) ? Double.parseDouble(raw.substring(b, end)) : null;
  }

  static Integer parseYear(String raw) {
    if (raw == null) {
      return null;
    }
    int b = firstNonSpace(raw);
    int e = endWithoutSpaces(raw, b);
    if (e - b != 4) {
      return null;
    }
    int y = 0;
    for (int i = b; i < e; i++) {
      char c = raw.charAt(i);
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
    int b = firstNonSpace(raw);
    String t = raw.substring(b, endWithoutSpaces(raw, b)).toLowerCase(Locale.ROOT);
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
    int b = firstNonSpace(raw);
    int e = endWithoutSpaces(raw, b);
    int i = e;
    while (i > b && raw.charAt(i - 1) == '*') {
      i--;
    }
    if (i == e || i == b) {
      return false;
    }
    char c = raw.charAt(i - 1);
    return c == '.' || (c >= '0' && c <= '9');
  }

  /** {@code [+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?} over {@code s[b, e)}. */
  private static boolean isNumber(String s, int b, int e) {
    int i = b;
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

  private static int firstNonSpace(String s) {
    int b = 0;
    while (b < s.length() && s.charAt(b) == ' ') {
      b++;
    }
    return b;
  }

  private static int endWithoutSpaces(String s, int b) {
    return endWithoutSpaces(s, b, s.length());
  }

  private static int endWithoutSpaces(String s, int b, int e) {
    while (e > b && s.charAt(e - 1) == ' ') {
      e--;
    }
    return e;
  }
}
