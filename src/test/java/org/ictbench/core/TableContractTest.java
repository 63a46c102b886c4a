package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The table contract (src/main/resources/ictbench/tables/) without Spark: it declares every table the
 * code knows, agrees with the schemas the code declares, promises what the brief promises, and
 * docs/tables.md documents every table and column it declares.
 */
class TableContractTest {
  static final TableContract CONTRACT = TableContract.get();

  /** The tables whose rows the code builds against a declared schema (class#static field). */
  static final Map<Table, String> DECLARED = new LinkedHashMap<>();

  static {
    DECLARED.put(Table.INGEST_FILE, "org.ictbench.pipeline.IngestLog#SCHEMA");
    DECLARED.put(Table.RAW_RECORD, "org.ictbench.ingest.BronzeSchemas#RAW_RECORD");
    DECLARED.put(Table.VINTAGE_REVIEW, "org.ictbench.pipeline.VintageStage#REVIEW");
    DECLARED.put(Table.PEER_GROUP_MEMBER, "org.ictbench.gold.PeerGroups#MEMBER");
    DECLARED.put(Table.PEER_BENCHMARK, "org.ictbench.gold.PeerBenchmark#BENCHMARK");
    DECLARED.put(Table.PEER_POSITION, "org.ictbench.gold.PeerBenchmark#POSITION");
    DECLARED.put(Table.BILATERAL_COMPARISON, "org.ictbench.gold.BilateralComparison#COMPARISON");
    DECLARED.put(Table.BILATERAL_GROUP_RANK, "org.ictbench.gold.BilateralComparison#GROUP_RANK");
    DECLARED.put(Table.BILATERAL_IDI_GAP, "org.ictbench.gold.BilateralComparison#IDI_GAP");
    DECLARED.put(Table.IDI_NOWCAST_BACKTEST, "org.ictbench.gold.IdiBacktest#SUMMARY");
    DECLARED.put(Table.IDI_NOWCAST_BACKTEST_ECONOMY, "org.ictbench.gold.IdiBacktest#ECONOMY");
    DECLARED.put(Table.IDI_INTERVAL_CALIBRATION, "org.ictbench.gold.IdiBacktest#CALIBRATION");
    DECLARED.put(Table.IDI_IMPUTATION_HOLDOUT, "org.ictbench.gold.IdiImputation#HOLDOUT");
    DECLARED.put(Table.IDI_IMPUTATION_MODEL, "org.ictbench.gold.IdiImputation#MODEL");
    DECLARED.put(Table.CLAIMS_CHECK, "org.ictbench.report.ClaimsCheck#RESULT");
  }

  @Test
  void everyTableHasAContractAndNothingElseDoes() {
    List<Table> declared = CONTRACT.tables().stream().map(TableContract.TableSpec::table).toList();
    assertEquals(List.of(Table.values()), declared);
    for (TableContract.TableSpec t : CONTRACT.tables()) {
      assertTrue(!t.description().isBlank() && !t.columns().isEmpty(), t.table().qualifiedName());
      for (TableContract.ColumnSpec c : t.columns()) {
        assertTrue(c.comment().length() >= 5, t.table().qualifiedName() + "." + c.name() + " has a comment");
      }
    }
  }

  @Test
  void theCodesDeclaredSchemasAreTheContracts() throws Exception {
    for (Map.Entry<Table, String> e : DECLARED.entrySet()) {
      String[] at = e.getValue().split("#");
      Field f = Class.forName(at[0]).getDeclaredField(at[1]);
      f.setAccessible(true);
      StructType code = (StructType) f.get(null);
      assertEquals(columns(CONTRACT.spec(e.getKey()).schema()), columns(code), e.getKey().qualifiedName()
          + " (" + e.getValue() + ") differs from src/main/resources/ictbench/tables/column.csv");
    }
  }

  @Test
  void thePromisedRangesAndVocabulariesAreDeclared() {
    // the brief's promises: IDI and scores 0–100, years 1900–2100, shares 0–1
    assertRange(Table.IDI_SCORE, "idi", 0, 100);
    assertRange(Table.IDI_SCORE, "meaningful_high", 0, 100);
    assertRange(Table.IDI_INDICATOR_SCORE, "score", 0, 100);
    assertRange(Table.BILATERAL_IDI_GAP, "score_a", 0, 100);
    assertRange(Table.OBSERVATION, "year", 1900, 2100);
    assertRange(Table.IDI_SCORE, "edition", 1900, 2100);
    assertRange(Table.PEER_BENCHMARK, "coverage_share", 0, 1);
    assertRange(Table.VINTAGE_REVIEW, "dropped_share", 0, 1);
    assertEquals(List.of("reproduced", "nowcast", "excluded", "incomplete"),
        CONTRACT.spec(Table.IDI_SCORE).column("status").orElseThrow().values());
    assertEquals(List.of("ingested", "skipped", "pending"),
        CONTRACT.spec(Table.INGEST_FILE).column("status").orElseThrow().values());
    for (TableContract.TableSpec t : CONTRACT.tables()) {
      for (TableContract.ColumnSpec c : t.columns()) {
        String name = t.table().qualifiedName() + "." + c.name();
        if (!c.values().isEmpty()) {
          assertEquals(DataTypes.StringType, c.type(), name + " has a vocabulary, so it is text");
        }
        if (c.min() != null) {
          assertTrue(c.type().equals(DataTypes.IntegerType) || c.type().equals(DataTypes.LongType)
              || c.type().equals(DataTypes.DoubleType), name + " has a range, so it is a number");
        }
      }
      // every expression is one Spark SQL boolean expression Delta can hold as a CHECK constraint
      t.checkExpression().ifPresent(e -> CatalystSqlParser$.MODULE$.parseExpression(e));
    }
  }

  /** Names no table uses any more, with the name that replaced them. */
  static final Map<String, String> RETIRED = Map.of("indicator_id", "indicator", "group_code", "group_id");

  @Test
  void oneNamePerConceptAcrossTables() {
    List<String> drift = new ArrayList<>();
    for (TableContract.TableSpec t : CONTRACT.tables()) {
      for (TableContract.ColumnSpec c : t.columns()) {
        String name = t.table().qualifiedName() + "." + c.name();
        String comment = c.comment();
        if (RETIRED.containsKey(c.name())) {
          drift.add(name + ": named " + RETIRED.get(c.name()) + " elsewhere");
        }
        // the concept, told by the comment, and the one name it has
        if (comment.startsWith("indicator id") && !c.name().equals("indicator")) {
          drift.add(name + ": an indicator id is 'indicator'");
        }
        if (comment.equals("peer group id") && !c.name().equals("group_id")) {
          drift.add(name + ": a group id is 'group_id'");
        }
        if (comment.matches("(?i).*\\bISO (3166-1 )?alpha-3\\b.*") && !c.name().matches("(leader_)?iso3(_[ab])?")) {
          drift.add(name + ": an ISO alpha-3 code is 'iso3'");
        }
        if (comment.startsWith("IDI edition") && !c.name().equals("edition")) {
          drift.add(name + ": an IDI edition is 'edition'");
        }
        if (comment.equals("calendar year the value refers to") && !c.name().equals("year")) {
          drift.add(name + ": the value's year is 'year'");
        }
        if (comment.toLowerCase(java.util.Locale.ROOT).startsWith("membership status")
            && !c.name().equals("membership_status")) {
          drift.add(name + ": a membership status is 'membership_status'");
        }
        // 'source' is the publisher's source id (catalog/source.csv) wherever it appears
        if (c.name().equals("source") && !comment.contains("source id")) {
          drift.add(name + ": 'source' is a source id; name other sources for what they are");
        }
      }
      // a group column beside a scope is the same concept as the peer tables' group_id
      if (t.column("scope").isPresent() && t.columns().stream().anyMatch(c -> c.name().startsWith("group_")
          && !c.name().equals("group_id") && !c.name().equals("group_size") && !c.name().equals("group_name"))) {
        drift.add(t.table().qualifiedName() + ": its group column is 'group_id'");
      }
    }
    assertEquals(List.of(), drift);
  }

  /** Each free-text reason and the code column beside it; {@code reason_code} names a row of silver.reason_code. */
  static final Map<String, String> REASON_CODES = Map.of("status_reason", "status_reason_code",
      "suppressed_reason", "suppressed_code", "detail", "detail_code", "reason_detail", "reason_code");
  /** Reason columns whose values are codes already (';'-separated). */
  static final Set<String> CODED_REASONS = Set.of("hold_reason", "reasons");
  /** Enum concepts: every column so named (or ending so) has a vocabulary. */
  static final List<String> ENUMS = List.of("status", "provenance", "scope", "destination", "severity", "kind",
      "transform", "measure", "outcome", "convergence", "level", "better");

  @Test
  void everyFreeTextReasonHasACodeColumnAndEveryEnumAVocabulary() {
    List<String> missing = new ArrayList<>();
    for (TableContract.TableSpec t : CONTRACT.tables()) {
      for (TableContract.ColumnSpec c : t.columns()) {
        String name = t.table().qualifiedName() + "." + c.name();
        boolean reason = c.name().endsWith("_reason") || c.name().endsWith("detail") || c.name().equals("reasons");
        if (reason && !CODED_REASONS.contains(c.name())) {
          String code = REASON_CODES.get(c.name());
          if (code == null || t.column(code).isEmpty()) {
            missing.add(name + ": no code column beside it");
          } else if (!code.equals("reason_code") && t.column(code).get().values().isEmpty()) {
            missing.add(name + ": its code column " + code + " has no vocabulary");
          }
        }
        // membership_status is whatever a membership list says (member, associate, observer…): open
        // and gold.idi_score's per-indicator columns follow the methodology, so the constraint leaves them out
        boolean open = c.name().equals("membership_status")
            || t.table() == Table.IDI_SCORE && c.name().matches(".+_(value|score|year|provenance)");
        if (!open && ENUMS.stream().anyMatch(e -> c.name().equals(e) || c.name().endsWith("_" + e)
            || c.name().startsWith(e + "_") && List.of("from", "to").contains(c.name().substring(e.length() + 1)))
            && c.values().isEmpty()) {
          missing.add(name + ": an enum without a vocabulary (tables/vocabulary.csv)");
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void theCheckConstraintSaysWhatTheContractPromises() {
    TableContract.TableSpec rank = CONTRACT.spec(Table.IDI_RANK);
    String check = rank.checkExpression().orElseThrow();
    assertTrue(check.contains("(`iso3` IS NOT NULL)"), check);
    assertTrue(check.contains("(`idi` IS NULL OR `idi` BETWEEN 0 AND 100)"), check);
    assertTrue(check.contains("(`scope` IS NULL OR `scope` IN ('world', 'itu_region', 'income_group'))"), check);
    assertTrue(!check.contains("`group_size`"), check);
    // gold.idi_score's per-indicator columns follow the methodology (a --reference may replace it)
    String idi = CONTRACT.spec(Table.IDI_SCORE).checkExpression().orElseThrow();
    assertTrue(idi.contains("`idi` BETWEEN 0 AND 100") && !idi.contains("internet_users_pct"), idi);
  }

  @Test
  void docsTablesMdDocumentsEveryTableAndColumnOfTheContract() throws Exception {
    String doc = Files.readString(Path.of("docs", "tables.md"));
    Map<String, String> sections = new LinkedHashMap<>();
    Matcher m = Pattern.compile("(?m)^## ((?:bronze|silver|gold)\\.[a-z_0-9]+)\\b").matcher(doc);
    List<int[]> at = new ArrayList<>();
    List<String> names = new ArrayList<>();
    while (m.find()) {
      at.add(new int[] {m.start(), m.end()});
      names.add(m.group(1));
    }
    for (int i = 0; i < names.size(); i++) {
      int end = doc.indexOf("\n## ", at.get(i)[1]);
      sections.put(names.get(i), doc.substring(at.get(i)[1], end < 0 ? doc.length() : end));
    }
    Set<String> contract = new LinkedHashSet<>();
    CONTRACT.tables().forEach(t -> contract.add(t.table().qualifiedName()));
    assertEquals(contract, new LinkedHashSet<>(sections.keySet().stream().sorted(
        (a, b) -> Table.byQualifiedName(a).orElseThrow().ordinal() - Table.byQualifiedName(b).orElseThrow().ordinal())
        .toList()), "docs/tables.md has one '## layer.table' section per contract table");
    List<String> undocumented = new ArrayList<>();
    for (TableContract.TableSpec t : CONTRACT.tables()) {
      String text = sections.get(t.table().qualifiedName());
      for (TableContract.ColumnSpec c : t.columns()) {
        boolean lineage = Set.of("run_id", "file_uri", "file_sha256", "record_number").contains(c.name())
            && text.contains("lineage");
        boolean perIndicator = t.table() == Table.IDI_SCORE
            && c.name().matches(".*_(value|score|year|provenance)") && text.contains("`<indicator>_"
                + c.name().substring(c.name().lastIndexOf('_') + 1) + "`");
        // "The `silver.observation` columns plus ...": the section documents that table's columns too
        boolean inherited = CONTRACT.tables().stream().anyMatch(o -> text.contains("`" + o.table().qualifiedName()
            + "` columns") && o.column(c.name()).isPresent());
        if (!text.contains("`" + c.name() + "`") && !lineage && !perIndicator && !inherited) {
          undocumented.add(t.table().qualifiedName() + "." + c.name());
        }
      }
    }
    assertEquals(List.of(), undocumented, "columns of the contract docs/tables.md does not mention");
  }

  static void assertRange(Table t, String column, double min, double max) {
    TableContract.ColumnSpec c = CONTRACT.spec(t).column(column).orElseThrow();
    assertEquals(List.of(min, max), java.util.Arrays.asList(c.min(), c.max()), t.qualifiedName() + "." + column);
  }

  static List<String> columns(StructType s) {
    List<String> out = new ArrayList<>();
    for (StructField f : s.fields()) {
      out.add(f.name() + " " + f.dataType().simpleString());
    }
    return out;
  }
}
