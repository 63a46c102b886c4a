package org.ictbench.curate;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * The quarantine rules. Which reason codes exist, their order and severity are data
 * ({@code rules/reason_code.csv}); this class only holds each code's test and detail message. The
 * first failing rule in {@code rule_order} names a slot's reason.
 */
final class ReasonRules {
  record Rule(String code, int order, Column test, Column detail) {}

  /** Duplicate rules need the slot's neighbours; they are applied after the per-slot rules. */
  static final Set<String> DUPLICATE_RULES = Set.of("DUPLICATE_CONFLICT", "DUPLICATE_EXACT");

  private final List<Rule> perSlot = new ArrayList<>();
  private final Map<String, Integer> order = new LinkedHashMap<>();
  private final Set<String> errors = new TreeSet<>();

  ReasonRules(ResourceTable reasons) {
    Map<String, Column[]> impl = implementations();
    Set<String> declared = new TreeSet<>();
    for (Map<String, String> r : reasons.rows()) {
      String code = reasons.required(r, "reason_code");
      declared.add(code);
      int o = Integer.parseInt(reasons.required(r, "rule_order"));
      order.put(code, o);
      String severity = reasons.required(r, "severity");
      if (!severity.equals("error") && !severity.equals("info")) {
        throw reasons.error(r, "reason code " + code + " has severity '" + severity + "'; use error or info");
      }
      if (severity.equals("error")) {
        errors.add(code);
      }
      if (DUPLICATE_RULES.contains(code)) {
        continue;
      }
      Column[] c = impl.get(code);
      if (c == null) {
        throw reasons.error(r, "reason code " + code + " has no rule implementation in ReasonRules");
      }
      perSlot.add(new Rule(code, o, c[0], c[1]));
    }
    Set<String> missing = new TreeSet<>(impl.keySet());
    missing.addAll(DUPLICATE_RULES);
    missing.removeAll(declared);
    if (!missing.isEmpty()) {
      throw Errors.invalidReference(reasons.resource(), 1, "rules without a reason code row: " + missing);
    }
    perSlot.sort(Comparator.comparingInt(Rule::order));
  }

  /** The first failing per-slot rule's code, or null. */
  Column reason() {
    Column c = lit(null).cast("string");
    for (int i = perSlot.size() - 1; i >= 0; i--) {
      c = when(perSlot.get(i).test(), lit(perSlot.get(i).code())).otherwise(c);
    }
    return c;
  }

  /** The detail message for the slot's reason. */
  Column detail(Column reason) {
    Column c = lit(null).cast("string");
    for (Rule r : perSlot) {
      c = when(reason.equalTo(r.code()), r.detail()).otherwise(c);
    }
    return c;
  }

  /** True for a slot whose reason has severity {@code error}, false for {@code info} (and no reason). */
  Column isError() {
    return coalesce(col("reason_code").isin(errors.toArray()), lit(false));
  }

  int order(String code) {
    return order.get(code);
  }

  /**
   * Tests over the columns the curation pipeline has built by then: slot fields, indicator_id,
   * min_value/max_value/unit, entity_status/matched_by/candidates, and {@code value} and {@code year}
   * as {@link ValueParsing} parsed them (null = not a number / not a four-digit year), so the raw
   * strings are scanned once per slot.
   */
  private static Map<String, Column[]> implementations() {
    Column isValue = col("slot_kind").equalTo("value");
    Column raw = col("value_raw");
    Map<String, Column[]> m = new LinkedHashMap<>();
    m.put("MALFORMED_RECORD", new Column[] {col("slot_kind").equalTo("malformed"), col("note")});
    m.put("UNKNOWN_INDICATOR", new Column[] {isValue.and(col("indicator_id").isNull()),
        concat(lit("series code '"), coalesce(col("publisher_code"), lit("")), lit("' of source "), col("source_id"),
            lit(" is not in the indicator catalog"))});
    // a not-available cell without a year of data (ITU core household "...") is MISSING_VALUE, not BAD_YEAR
    Column missingWithoutYear = col("year_raw").isNull().and(ValueParsing.isMissing(raw));
    Column isYear = coalesce(col("year").between(1900, 2100), lit(false));
    m.put("BAD_YEAR", new Column[] {isValue.and(isYear.unary_$bang())
            .and(missingWithoutYear.unary_$bang()),
        concat(lit("year '"), coalesce(col("year_raw"), lit("")), lit("' is not a year between 1900 and 2100"))});
    m.put("UNKNOWN_COUNTRY", new Column[] {col("entity_status").equalTo("UNKNOWN"),
        concat(lit("code '"), coalesce(col("entity_code"), lit("")), lit("' / name '"),
            coalesce(col("entity_name"), lit("")), lit("' match no country or aggregate"))});
    m.put("AMBIGUOUS_COUNTRY", new Column[] {col("entity_status").equalTo("AMBIGUOUS"),
        concat(col("matched_by"), lit(" matches several economies: "), array_join(col("candidates"), ", "))});
    m.put("MISSING_VALUE", new Column[] {isValue.and(ValueParsing.isMissing(raw)),
        concat(lit("value '"), coalesce(raw, lit("")), lit("' is empty or a not-available marker"))});
    m.put("UNPARSEABLE_VALUE", new Column[] {isValue.and(col("value").isNull()),
        concat(lit("value '"), raw, lit("' is not a plain decimal number"))});
    m.put("OUT_OF_RANGE", new Column[] {isValue.and(col("value").isNaN()
            .or(col("value").lt(col("min_value"))).or(col("value").gt(col("max_value")))),
        concat(lit("value "), col("value").cast("string"), lit(" outside ["), col("min_value").cast("string"),
            lit(", "), col("max_value").cast("string"), lit("] "), col("unit"))});
    return m;
  }
}
