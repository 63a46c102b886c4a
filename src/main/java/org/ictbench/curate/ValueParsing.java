package org.ictbench.curate;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Explicit value and year parsing as native Spark expressions. Spark 4 runs in ANSI mode, where a
 * blind CAST of '..' throws and try_cast hides why a value vanished; here every value is first
 * classified (missing marker, footnote-marked number, plain number, anything else) and only a string
 * that matched the number grammar is cast, so the cast cannot fail and every rejection has a reason.
 */
final class ValueParsing {
  /** Plain decimal with optional exponent, including C-printf style {@code 1.1072e+006}. */
  static final String NUMBER = "^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$";
  /** Publishers' not-available markers (compared lower-cased, trimmed). */
  static final String MISSING = "^(|[.]{2,3}|n/a|n[.]a[.]?|na|nan|null|-{2,})$";
  private static final String FOOTNOTE = "[*]+$";
  private static final String YEAR = "^[0-9]{4}$";

  private ValueParsing() {}

  static Column isMissing(Column raw) {
    return raw.isNull().or(lower(trim(raw)).rlike(MISSING));
  }

  /** The raw value without surrounding blanks and without a trailing footnote marker ({@code 45.2*}). */
  static Column cleaned(Column raw) {
    return trim(regexp_replace(trim(raw), FOOTNOTE, ""));
  }

  static Column hasFootnoteMarker(Column raw) {
    return trim(raw).rlike("[0-9.][*]+$");
  }

  /** ITU's zero marker: a lone dash (core household workbook). */
  static Column isZeroDash(Column raw) {
    return trim(raw).equalTo("-");
  }

  static Column isNumber(Column raw) {
    return cleaned(raw).rlike(NUMBER).or(isZeroDash(raw));
  }

  /** The parsed value; null unless {@link #isNumber} holds, so the cast never throws. */
  static Column value(Column raw) {
    return when(isZeroDash(raw), lit(0.0)).when(cleaned(raw).rlike(NUMBER), cleaned(raw).cast("double"));
  }

  static Column isYear(Column raw) {
    Column y = year(raw);
    return when(y.isNull(), false).otherwise(y.between(1900, 2100));
  }

  static Column year(Column raw) {
    return when(trim(raw).rlike(YEAR), trim(raw).cast("int"));
  }
}
