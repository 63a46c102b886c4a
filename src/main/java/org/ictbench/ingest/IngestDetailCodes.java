package org.ictbench.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * The code of a bronze.ingest_file {@code detail} (why a file was not recognised), from
 * {@code ictbench/tables/ingest_detail_code.csv}: the first row whose pattern finds a match in the
 * detail names its code; the row with an empty pattern is the code of any other detail. The codes are
 * the vocabulary of {@code detail_code} in the table contract (a test holds the two equal).
 */
public final class IngestDetailCodes {
  /** The shipped rules file. */
  public static final String RESOURCE = "tables/ingest_detail_code.csv";

  private record Rule(String code, Pattern pattern) {}

  private static volatile IngestDetailCodes shipped;

  private final List<Rule> rules;
  private final String fallback;

  private IngestDetailCodes(List<Rule> rules, String fallback) {
    this.rules = rules;
    this.fallback = fallback;
  }

  /** The rules shipped with ictbench. */
  public static IngestDetailCodes shipped() {
    if (shipped == null) {
      shipped = load(ResourceTable.load(RESOURCE));
    }
    return shipped;
  }

  static IngestDetailCodes load(ResourceTable csv) {
    List<Rule> rules = new ArrayList<>();
    String fallback = null;
    for (Map<String, String> r : csv.rows()) {
      String code = csv.required(r, "code");
      String pattern = r.getOrDefault("pattern", "");
      if (pattern.isBlank()) {
        if (fallback != null) {
          throw csv.error(r, "a second row with an empty pattern (" + code + "; the first is " + fallback + ")");
        }
        fallback = code;
        continue;
      }
      try {
        rules.add(new Rule(code, Pattern.compile(pattern)));
      } catch (PatternSyntaxException e) {
        throw csv.error(r, "pattern '" + pattern + "' is not a regular expression: " + e.getDescription());
      }
    }
    if (fallback == null) {
      throw Errors.invalidReference(csv.resource(), 0,
          "no row with an empty pattern: the code of any other detail");
    }
    return new IngestDetailCodes(List.copyOf(rules), fallback);
  }

  /** The code of {@code detail}; null when it is null. */
  public String code(String detail) {
    if (detail == null) {
      return null;
    }
    for (Rule r : rules) {
      if (r.pattern().matcher(detail).find()) {
        return r.code();
      }
    }
    return fallback;
  }

  /** {@link #code} as a Spark column of {@code detail} (Spark's RLIKE finds a match as {@link java.util.regex.Matcher#find} does). */
  public org.apache.spark.sql.Column codeColumn(org.apache.spark.sql.Column detail) {
    org.apache.spark.sql.Column c = org.apache.spark.sql.functions.lit(fallback);
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule r = rules.get(i);
      c = org.apache.spark.sql.functions.when(detail.rlike(r.pattern().pattern()), r.code()).otherwise(c);
    }
    return org.apache.spark.sql.functions.when(detail.isNotNull(), c);
  }

  /** Every code, in file order, the fallback last. */
  public List<String> codes() {
    List<String> out = new ArrayList<>(rules.stream().map(Rule::code).distinct().toList());
    out.add(fallback);
    return out;
  }
}
