package org.ictbench.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DuckDB baseline of {@code jobs/bench.sh}, run in its own JVM (so its peak RSS is DuckDB's):
 * {@code java ... org.ictbench.bench.DuckDbBaseline DUMPS OUT THREADS MEMORY_LIMIT}. Runs
 * {@code ictbench/bench/duckdb_baseline.sql} over the dumps, writes Parquet under OUT and the
 * comparison statistics to {@code OUT/stats.csv}. The only work done outside SQL is reading each WDI
 * file's "Last Updated Date" from its first lines (a user's script would do the same).
 */
public final class DuckDbBaseline {
  private static final Pattern STATED = Pattern.compile("\"?Last Updated Date\"?\\s*,\\s*\"?(\\d{4}-\\d{2}-\\d{2})");

  static final String STATS = """
      SELECT 'observations' AS metric, '' AS key, CAST(count(*) AS DOUBLE) AS value FROM read_parquet('${out}/observation.parquet')
      UNION ALL SELECT 'aggregates', '', count(*) FROM read_parquet('${out}/aggregate_observation.parquet')
      UNION ALL SELECT 'quarantined', reason_code, count(*) FROM read_parquet('${out}/quarantine.parquet') GROUP BY reason_code
      UNION ALL SELECT 'latest', '', count(*) FROM read_parquet('${out}/observation_latest.parquet')
      UNION ALL SELECT 'latest_by_source', source, count(*) FROM read_parquet('${out}/observation_latest.parquet') GROUP BY source
      UNION ALL SELECT 'latest_candidates', '', sum(candidates) FROM read_parquet('${out}/observation_latest.parquet')
      UNION ALL SELECT 'latest_avg', indicator, avg(value) FROM read_parquet('${out}/observation_latest.parquet') GROUP BY indicator
      UNION ALL SELECT 'latest_median', indicator, quantile_cont(value, 0.5) FROM read_parquet('${out}/observation_latest.parquet') GROUP BY indicator
      UNION ALL SELECT 'latest_vintage_days', indicator, sum(epoch(vintage) / 86400) FROM read_parquet('${out}/observation_latest.parquet') GROUP BY indicator
      """;

  private DuckDbBaseline() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: DuckDbBaseline DUMPS OUT THREADS MEMORY_LIMIT");
      System.exit(2);
    }
    run(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(), Integer.parseInt(args[2]), args[3]);
  }

  static void run(Path dumps, Path out, int threads, String memoryLimit) throws IOException, SQLException {
    DumpGenerator.deleteTree(out);
    Path ref = out.resolve("ref");
    Files.createDirectories(ref);
    for (String r : List.of("catalog/source.csv", "catalog/indicator_code.csv", "catalog/indicator.csv",
        "reference/country_alias.csv", "reference/aggregate_entity.csv")) {
      try (InputStream in = DuckDbBaseline.class.getClassLoader().getResourceAsStream("ictbench/" + r)) {
        Files.write(ref.resolve(Path.of(r).getFileName()), in.readAllBytes());
      }
    }
    Map<String, String> vars = Map.of("threads", String.valueOf(threads), "memory_limit", memoryLimit,
        "out", out.toString(), "ref", ref.toString(),
        "datahub_glob", dumps.resolve("itu_datahub").toString() + "/**/*.csv",
        "wdi_glob", dumps.resolve("wdi").toString() + "/**/*.csv");
    String script;
    try (InputStream in = DuckDbBaseline.class.getClassLoader().getResourceAsStream("ictbench/bench/duckdb_baseline.sql")) {
      script = fill(new String(in.readAllBytes(), StandardCharsets.UTF_8), vars);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE wdi_vintage (filename VARCHAR, vintage DATE)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO wdi_vintage VALUES (?, CAST(? AS DATE))")) {
        for (Path f : wdiFiles(dumps.resolve("wdi"))) {
          ins.setString(1, f.toString());
          ins.setString(2, statedVintage(f));
          ins.addBatch();
        }
        ins.executeBatch();
      }
      for (String stmt : statements(script)) {
        try {
          st.execute(stmt);
        } catch (SQLException e) {
          throw new SQLException(e.getMessage() + "\n  in: " + stmt.lines().findFirst().orElse(""), e);
        }
      }
      try (ResultSet rs = st.executeQuery(fill(STATS, vars) + " ORDER BY 1, 2");
           Writer w = Files.newBufferedWriter(out.resolve("stats.csv"))) {
        w.write("metric,key,value\n");
        while (rs.next()) {
          w.write(rs.getString(1) + "," + (rs.getString(2) == null ? "" : rs.getString(2)) + ","
              + rs.getDouble(3) + "\n");
        }
      }
    }
  }

  static List<Path> wdiFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
  }

  static String statedVintage(Path f) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(f)) {
      head = in.readNBytes(4096);
    }
    Matcher m = STATED.matcher(new String(head, StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IOException(f + ": no \"Last Updated Date\" line in the WDI header");
    }
    return m.group(1);
  }

  static String fill(String text, Map<String, String> vars) {
    for (Map.Entry<String, String> e : vars.entrySet()) {
      text = text.replace("${" + e.getKey() + "}", e.getValue());
    }
    return text;
  }

  /** The script's statements: split at a ';' that ends a line, comment lines dropped. */
  static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.strip().startsWith("--")) {
        continue;
      }
      cur.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        out.add(cur.toString().strip().replaceAll(";$", ""));
        cur.setLength(0);
      }
    }
    if (!cur.toString().isBlank()) {
      out.add(cur.toString().strip());
    }
    return out;
  }
}
