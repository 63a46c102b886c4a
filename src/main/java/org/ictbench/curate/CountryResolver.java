package org.ictbench.curate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.ResourceTable;

/**
 * The single country resolver every source goes through. Rules, in order:
 * <ol>
 *   <li>the entity code, looked up among code aliases scoped to the publisher, then global ones
 *       (ISO alpha-3/alpha-2, M49, publishers' pseudo codes such as ITU's KSO or OWID_KOS);</li>
 *   <li>a publisher aggregate code (WLD, ECS, OWID_WRL...);</li>
 *   <li>the entity name, normalized ({@link NameNormalizer}), among name aliases scoped to the
 *       publisher, then global ones (English, Russian, Chinese, publishers' variants);</li>
 *   <li>a publisher aggregate name ("High income", "South Asia (WB)"...).</li>
 * </ol>
 * A key that maps to two or more economies in the applicable scope is AMBIGUOUS and names the
 * candidates: the resolver never guesses. The alias data lives in
 * {@code src/main/resources/ictbench/reference/}.
 */
public final class CountryResolver implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String ANY = "*";

  /** (kind|scope|normalized key) → iso3 candidates. */
  private final Map<String, Set<String>> aliases = new HashMap<>();
  /** (publisher|code) and (name|normalized name) → aggregate code. */
  private final Map<String, String> aggregates = new HashMap<>();
  private final String fingerprint;

  CountryResolver(ResourceTable aliasTable, ResourceTable aggregateTable) {
    for (Map<String, String> r : aliasTable.rows()) {
      String kind = aliasTable.required(r, "kind");
      String scope = aliasTable.required(r, "scope");
      String key = kind.equals("code") ? code(r.get("alias")) : NameNormalizer.normalize(r.get("alias"));
      if (key.isEmpty()) {
        continue;
      }
      aliases.computeIfAbsent(kind + "|" + scope + "|" + key, k -> new TreeSet<>()).add(aliasTable.required(r, "iso3"));
    }
    for (Map<String, String> r : aggregateTable.rows()) {
      String publisher = aggregateTable.required(r, "publisher");
      String code = code(r.get("code"));
      String name = NameNormalizer.normalize(r.get("name"));
      String id = code.isEmpty() ? publisher + ":" + r.get("name").trim() : code;
      if (!code.isEmpty()) {
        aggregates.put(publisher + "|" + code, id);
      }
      if (!name.isEmpty()) {
        aggregates.putIfAbsent("name|" + publisher + "|" + name, id);
      }
    }
    this.fingerprint = aliasTable.sha256() + aggregateTable.sha256();
  }

  /** Kinds of {@code reference/aggregate_entity.csv}. */
  static final Set<String> AGGREGATE_KINDS = Set.of("world", "region", "income", "lending", "development_status",
      "other");

  /** The resolver over the shipped reference tables. */
  public static CountryResolver load() {
    return load(ReferenceData.builtIn());
  }

  /**
   * The resolver over the reference tables as {@code reference} gives them, after their rules: an economy's
   * iso3 is three upper-case letters and unique; an alias has kind code or name, a scope ({@code *} or a
   * publisher id) and the iso3 of an economy of reference/country.csv; an aggregate has a publisher, a
   * code or a name, and a known kind.
   */
  public static CountryResolver load(ReferenceData reference) {
    ResourceTable countries = reference.table("reference/country.csv");
    Set<String> iso3s = new TreeSet<>();
    for (Map<String, String> r : countries.rows()) {
      String iso3 = countries.required(r, "iso3");
      if (!iso3.matches("[A-Z]{3}")) {
        throw countries.error(r, "iso3 '" + iso3 + "' is not three upper-case letters");
      }
      if (!iso3s.add(iso3)) {
        throw countries.error(r, "duplicate iso3 " + iso3);
      }
    }
    ResourceTable aliases = reference.table("reference/country_alias.csv");
    for (Map<String, String> r : aliases.rows()) {
      String kind = aliases.required(r, "kind");
      if (!kind.equals("code") && !kind.equals("name")) {
        throw aliases.error(r, "kind '" + kind + "'; expected code or name");
      }
      if (!iso3s.contains(aliases.required(r, "iso3"))) {
        throw aliases.error(r, "iso3 " + r.get("iso3") + " is not an economy of reference/country.csv");
      }
      String scope = aliases.required(r, "scope");
      if (!scope.equals(ANY) && !scope.matches("[A-Z][A-Z0-9_]*")) {
        throw aliases.error(r, "scope '" + scope + "'; expected * or a publisher id such as ITU, WB, OWID");
      }
    }
    ResourceTable aggregates = reference.table("reference/aggregate_entity.csv");
    for (Map<String, String> r : aggregates.rows()) {
      aggregates.required(r, "publisher");
      if (r.getOrDefault("code", "").isBlank() && r.getOrDefault("name", "").isBlank()) {
        throw aggregates.error(r, "an aggregate needs a code or a name");
      }
      if (!AGGREGATE_KINDS.contains(aggregates.required(r, "kind"))) {
        throw aggregates.error(r, "kind '" + r.get("kind") + "'; expected one of " + new TreeSet<>(AGGREGATE_KINDS));
      }
    }
    return new CountryResolver(aliases, aggregates);
  }

  String fingerprint() {
    return fingerprint;
  }

  /**
   * @param publisher publisher id (ITU, WB, OWID) scoping publisher-specific aliases
   * @param entityCode the publisher's entity code, may be null or empty
   * @param entityName the publisher's entity name, may be null or empty
   */
  public Resolution resolve(String publisher, String entityCode, String entityName) {
    String code = code(entityCode);
    if (!code.isEmpty()) {
      Resolution r = lookup("code", publisher, code, "code " + code);
      if (r != null) {
        return r;
      }
      String agg = aggregates.get(publisher + "|" + code);
      if (agg != null) {
        return Resolution.aggregate(agg, "aggregate code " + code);
      }
    }
    String name = NameNormalizer.normalize(entityName);
    if (!name.isEmpty()) {
      Resolution r = lookup("name", publisher, name, "name '" + entityName.trim() + "'");
      if (r != null) {
        return r;
      }
      String agg = aggregates.get("name|" + publisher + "|" + name);
      if (agg != null) {
        return Resolution.aggregate(agg, "aggregate name '" + entityName.trim() + "'");
      }
    }
    return Resolution.UNKNOWN;
  }

  private Resolution lookup(String kind, String publisher, String key, String what) {
    for (String scope : List.of(publisher, ANY)) {
      Set<String> hits = aliases.get(kind + "|" + scope + "|" + key);
      if (hits != null) {
        String by = what + (scope.equals(ANY) ? "" : " (" + scope + " alias)");
        return hits.size() == 1 ? Resolution.country(hits.iterator().next(), by)
            : Resolution.ambiguous(new ArrayList<>(hits), by);
      }
    }
    return null;
  }

  private static String code(String s) {
    return s == null ? "" : NameNormalizer.INVISIBLE.matcher(s).replaceAll("").trim().toUpperCase(Locale.ROOT);
  }
}
