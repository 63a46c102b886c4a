package org.ictbench.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The pinned schema of every {@link Table}, declared once in {@code ictbench/tables/}: {@code table.csv}
 * (a description per table), {@code column.csv} (per column its type, nullability, the range it promises
 * and a comment) and {@code vocabulary.csv} (the values an enum column may take). Changing a table is a
 * deliberate edit of those files: the tests compare them with the code's schemas and with the tables a
 * run writes.
 *
 * <p>The writer ({@link DeltaWrites}) creates each table with the contract's column comments and
 * description, and with one Delta CHECK constraint, {@value #CONSTRAINT}, holding what the contract
 * promises about the rows: the non-null columns, the ranges and the vocabularies. Delta stores a
 * DataFrame's columns as nullable, so non-null columns are enforced by that constraint, not by the
 * schema's nullable flag.
 */
public final class TableContract {
  /** Name of the CHECK constraint ictbench adds to every table. */
  public static final String CONSTRAINT = "ictbench_contract";
  /** Table property Delta stores a CHECK constraint's expression under. */
  public static final String CONSTRAINT_PROPERTY = "delta.constraints." + CONSTRAINT;
  /** The column metadata key Spark and Delta keep a column comment under. */
  public static final String COMMENT = "comment";

  /** One column: {@code min}/{@code max} null when no range is promised, {@code values} empty when not an enum. */
  public record ColumnSpec(String name, DataType type, boolean nullable, Double min, Double max, List<String> values,
      String comment) {
    /** The column as a Spark field, nullable (as Delta stores it), with its comment. */
    public StructField field() {
      return new StructField(name, type, true, new MetadataBuilder().putString(COMMENT, comment).build());
    }
  }

  /** One table: its description and columns in order. */
  public record TableSpec(Table table, String description, List<ColumnSpec> columns) {
    /** The schema Delta holds: every column nullable, each with its comment. */
    public StructType schema() {
      return new StructType(columns.stream().map(ColumnSpec::field).toArray(StructField[]::new));
    }

    public Optional<ColumnSpec> column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The CHECK constraint expression for the table's promises (non-null columns, ranges, vocabularies),
     * or empty when it promises none.
     */
    public Optional<String> checkExpression() {
      List<String> parts = new ArrayList<>();
      for (ColumnSpec c : columns) {
        String q = "`" + c.name() + "`";
        if (!c.nullable()) {
          parts.add(q + " IS NOT NULL");
        }
        if (c.min() != null) {
          parts.add(q + " IS NULL OR " + q + " BETWEEN " + number(c.min()) + " AND " + number(c.max()));
        }
        if (!c.values().isEmpty()) {
          parts.add(q + " IS NULL OR " + q + " IN (" + c.values().stream().map(v -> "'" + v.replace("'", "''") + "'")
              .collect(Collectors.joining(", ")) + ")");
        }
      }
      return parts.isEmpty() ? Optional.empty()
          : Optional.of(parts.stream().map(p -> "(" + p + ")").collect(Collectors.joining(" AND ")));
    }
  }

  private static TableContract instance;

  private final Map<Table, TableSpec> tables;

  private TableContract(Map<Table, TableSpec> tables) {
    this.tables = tables;
  }

  /** The contract shipped with ictbench. */
  public static synchronized TableContract get() {
    if (instance == null) {
      instance = load(ResourceTable.load("tables/table.csv"), ResourceTable.load("tables/column.csv"),
          ResourceTable.load("tables/vocabulary.csv"));
    }
    return instance;
  }

  static TableContract load(ResourceTable tableCsv, ResourceTable columnCsv, ResourceTable vocabularyCsv) {
    Map<String, Map<String, List<String>>> vocab = new LinkedHashMap<>();
    for (Map<String, String> r : vocabularyCsv.rows()) {
      String t = vocabularyCsv.required(r, "table");
      String c = vocabularyCsv.required(r, "column");
      vocab.computeIfAbsent(t, k -> new LinkedHashMap<>()).computeIfAbsent(c, k -> new ArrayList<>())
          .add(vocabularyCsv.required(r, "value"));
    }
    Map<String, List<ColumnSpec>> columns = new LinkedHashMap<>();
    for (Map<String, String> r : columnCsv.rows()) {
      String t = columnCsv.required(r, "table");
      table(columnCsv, r, t);
      String name = columnCsv.required(r, "column");
      DataType type;
      try {
        type = DataType.fromDDL(columnCsv.required(r, "type"));
      } catch (RuntimeException e) {
        throw columnCsv.error(r, "type '" + r.get("type") + "' is not a Spark SQL type");
      }
      String nullable = columnCsv.required(r, "nullable");
      if (!nullable.equals("true") && !nullable.equals("false")) {
        throw columnCsv.error(r, "nullable must be true or false, not '" + nullable + "'");
      }
      Double min = blank(r.get("min")) ? null : columnCsv.requiredDouble(r, "min");
      Double max = blank(r.get("max")) ? null : columnCsv.requiredDouble(r, "max");
      if ((min == null) != (max == null) || (min != null && min > max)) {
        throw columnCsv.error(r, "a range needs min <= max, got min '" + r.get("min") + "', max '" + r.get("max") + "'");
      }
      List<String> values = vocab.getOrDefault(t, Map.of()).getOrDefault(name, List.of());
      List<ColumnSpec> cols = columns.computeIfAbsent(t, k -> new ArrayList<>());
      if (cols.stream().anyMatch(c -> c.name().equals(name))) {
        throw columnCsv.error(r, "column " + name + " of " + t + " is declared twice");
      }
      cols.add(new ColumnSpec(name, type, Boolean.parseBoolean(nullable), min, max, List.copyOf(values),
          columnCsv.required(r, "comment")));
    }
    vocab.forEach((t, byColumn) -> byColumn.keySet().forEach(c -> {
      if (columns.getOrDefault(t, List.of()).stream().noneMatch(s -> s.name().equals(c))) {
        throw Errors.invalidReference(vocabularyCsv.resource(), 0, "vocabulary of " + t + "." + c
            + ": the contract declares no such column");
      }
    }));
    Map<Table, TableSpec> specs = new LinkedHashMap<>();
    for (Map<String, String> r : tableCsv.rows()) {
      String t = tableCsv.required(r, "table");
      Table table = table(tableCsv, r, t);
      if (!columns.containsKey(t)) {
        throw tableCsv.error(r, t + " has no columns in tables/column.csv");
      }
      specs.put(table, new TableSpec(table, tableCsv.required(r, "description"), List.copyOf(columns.get(t))));
    }
    for (String t : columns.keySet()) {
      if (Table.byQualifiedName(t).map(x -> !specs.containsKey(x)).orElse(true)) {
        throw Errors.invalidReference(columnCsv.resource(), 0, t + " has columns but no row in tables/table.csv");
      }
    }
    return new TableContract(specs);
  }

  private static Table table(ResourceTable csv, Map<String, String> row, String name) {
    return Table.byQualifiedName(name).filter(t -> t.qualifiedName().equals(name))
        .orElseThrow(() -> csv.error(row, "'" + name + "' is not an ictbench table (core.Table)"));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.format(Locale.ROOT, "%s", d);
  }

  /**
   * A hash of the column names and types the contract declares for {@code tables} (not their comments
   * or promises, which an existing table takes without a rewrite). Part of a derived table's input
   * fingerprint, so a table whose columns the contract renames, adds or retypes is rewritten by the
   * next run.
   */
  public String columnsHash(java.util.Collection<Table> tables) {
    StringBuilder b = new StringBuilder();
    for (Table t : tables) {
      b.append(t.qualifiedName()).append('(');
      for (ColumnSpec c : spec(t).columns()) {
        b.append(c.name()).append(' ').append(c.type().catalogString()).append(',');
      }
      b.append(')');
    }
    return ResourceTable.sha256(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The tables the contract declares, in {@link Table} order. */
  public List<TableSpec> tables() {
    List<TableSpec> out = new ArrayList<>();
    for (Table t : Table.values()) {
      if (tables.containsKey(t)) {
        out.add(tables.get(t));
      }
    }
    return out;
  }

  /** The contract of {@code table}; every {@link Table} has one (a test holds that). */
  public TableSpec spec(Table table) {
    TableSpec s = tables.get(table);
    if (s == null) {
      throw new IllegalStateException("The table contract (ictbench/tables/table.csv) does not declare "
          + table.qualifiedName());
    }
    return s;
  }

  /**
   * {@code rows} with the contract's comment on each column the contract declares (Delta stores a
   * written DataFrame's column metadata, so a rewrite keeps the comments); other columns unchanged.
   */
  public Dataset<Row> withComments(Dataset<Row> rows, Table table) {
    TableSpec spec = spec(table);
    boolean any = false;
    Column[] cols = new Column[rows.schema().fields().length];
    int i = 0;
    for (StructField f : rows.schema().fields()) {
      Optional<ColumnSpec> c = spec.column(f.name());
      if (c.isPresent() && !c.get().comment().equals(comment(f.metadata()))) {
        Metadata m = new MetadataBuilder().withMetadata(f.metadata()).putString(COMMENT, c.get().comment()).build();
        cols[i++] = rows.col("`" + f.name() + "`").as(f.name(), m);
        any = true;
      } else {
        cols[i++] = rows.col("`" + f.name() + "`");
      }
    }
    return any ? rows.select(cols) : rows;
  }

  /** {@code schema} with no column metadata. */
  static StructType withoutComments(StructType schema) {
    return new StructType(java.util.Arrays.stream(schema.fields())
        .map(f -> new StructField(f.name(), f.dataType(), f.nullable(), Metadata.empty())).toArray(StructField[]::new));
  }

  /** The comment in a field's metadata, or null. */
  public static String comment(Metadata m) {
    return m.contains(COMMENT) ? m.getString(COMMENT) : null;
  }
}
