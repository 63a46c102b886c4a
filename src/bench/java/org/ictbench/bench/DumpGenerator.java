package org.ictbench.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ictbench.core.Errors;
import org.ictbench.core.ResourceTable;

/**
 * Deterministic (seeded) generator of publisher-format dumps for the benchmark: ITU DataHub long CSVs
 * (one folder per monthly vintage) and World Bank WDI wide CSVs (one file per indicator and vintage,
 * the vintage stated in the junk header), with the publishers' quirks (UTF-8 BOM, WDI junk lines
 * and trailing comma, quoted numbers incl. C-printf exponents {@code 1.2345e+006}, {@code ..} and
 * empty missing values, WDI aggregates mixed with countries, notes with embedded newlines) and a
 * share of dirty slots that curation must quarantine (missing, comma decimals, out-of-range values,
 * unknown countries, unknown series codes, bad years, exact and conflicting duplicates). Every
 * vintage revises the previous one's values, and DataHub and WDI overlap on internet users and
 * fixed broadband, so source precedence and vintage order both matter.
 *
 * <p>The files are written once: a folder whose {@code _manifest.properties} names the same rows,
 * seed and generator version is reused. The manifest also holds the quirk counts and the curated
 * counts that the rules imply ({@code expect.*}), so a run can be checked against them.
 */
public final class DumpGenerator {
  static final String VERSION = "5";
  static final String MANIFEST = "_manifest.properties";
  static final int FIRST_YEAR = 2000;
  static final int YEARS = 25;
  static final int WDI_FIRST_YEAR = 1960;
  static final int WDI_YEARS = 65;
  static final int DATAHUB_FILE_ROWS = 60_000;
  static final String UNKNOWN_SERIES = "i999bench";
  static final LocalDate DATAHUB_FIRST_VINTAGE = LocalDate.of(2000, 1, 1);
  static final LocalDate WDI_FIRST_VINTAGE = LocalDate.of(2010, 1, 1);

  /** What was generated: where, how much, and the counts to check a run against. */
  public record Manifest(Path dir, long slots, int datahubFiles, int wdiFiles, int vintages, boolean reused,
                         Map<String, Long> counts) {
    public long count(String key) {
      return counts.getOrDefault(key, 0L);
    }
  }

  record Series(String code, String indicator, String name, String unit, double max) {}

  record Entity(String code, String name, boolean aggregate, boolean unknown) {}

  private final List<Series> datahubSeries = new ArrayList<>();
  private final List<Series> wdiSeries = new ArrayList<>();
  private final List<Entity> countries = new ArrayList<>();
  private final List<Entity> wbAggregates = new ArrayList<>();

  public DumpGenerator() {
    ResourceTable codes = ResourceTable.load("catalog/indicator_code.csv");
    Map<String, Map<String, String>> indicators = new LinkedHashMap<>();
    ResourceTable ind = ResourceTable.load("catalog/indicator.csv");
    ind.rows().forEach(r -> indicators.put(r.get("indicator_id"), r));
    Set<String> seenDatahub = new LinkedHashSet<>();
    Set<String> seenWdi = new LinkedHashSet<>();
    for (Map<String, String> r : codes.rows()) {
      Map<String, String> i = indicators.get(r.get("indicator_id"));
      Series s = new Series(r.get("publisher_code"), r.get("indicator_id"), i.get("name"), i.get("unit"),
          Double.parseDouble(i.get("max_value")));
      // one code per indicator and source, or one file would hold the same key twice (a duplicate)
      if (r.get("source_id").equals("ITU_DATAHUB") && seenDatahub.add(s.indicator())) {
        datahubSeries.add(s);
      } else if (r.get("source_id").equals("WB_WDI") && seenWdi.add(s.indicator())) {
        wdiSeries.add(s);
      }
    }
    for (Map<String, String> r : ResourceTable.load("reference/country.csv").rows()) {
      if (r.get("iso_status").equals("iso")) {
        countries.add(new Entity(r.get("iso3"), r.get("name_en"), false, false));
      }
    }
    for (Map<String, String> r : ResourceTable.load("reference/aggregate_entity.csv").rows()) {
      if (r.get("publisher").equals("WB") && !r.get("code").isBlank()) {
        wbAggregates.add(new Entity(r.get("code"), r.get("name"), true, false));
      }
    }
  }

  /**
   * Writes (or reuses) about {@code rows} value slots of dumps under {@code dir}: 60% DataHub, 40%
   * WDI. Files are written by {@code threads} threads; the bytes do not depend on it.
   */
  public Manifest generate(Path dir, long rows, long seed, int threads) {
    if (rows < 100) {
      throw Errors.badOption("--rows", String.valueOf(rows), "at least 100 observations");
    }
    try {
      Path manifestFile = dir.resolve(MANIFEST);
      if (Files.exists(manifestFile)) {
        Properties p = new Properties();
        try (var in = Files.newInputStream(manifestFile)) {
          p.load(in);
        }
        if (String.valueOf(rows).equals(p.getProperty("rows")) && String.valueOf(seed).equals(p.getProperty("seed"))
            && VERSION.equals(p.getProperty("version"))) {
          return fromProperties(dir, p, true);
        }
      }
      deleteTree(dir);
      Files.createDirectories(dir);
      List<java.util.concurrent.Callable<Map<String, Long>>> jobs = plan(dir, rows, seed);
      Map<String, Long> counts = new TreeMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
      try {
        List<Future<Map<String, Long>>> done = new ArrayList<>();
        for (var j : jobs) {
          done.add(pool.submit(j));
        }
        for (Future<Map<String, Long>> f : done) {
          f.get().forEach((k, v) -> counts.merge(k, v, Long::sum));
        }
      } catch (Exception e) {
        throw new IllegalStateException("generating dumps under " + dir + " failed: " + e, e);
      } finally {
        pool.shutdown();
      }
      Properties p = new Properties();
      p.setProperty("rows", String.valueOf(rows));
      p.setProperty("seed", String.valueOf(seed));
      p.setProperty("version", VERSION);
      counts.forEach((k, v) -> p.setProperty("count." + k, String.valueOf(v)));
      Path tmp = dir.resolve(MANIFEST + ".tmp");
      try (var out = Files.newOutputStream(tmp)) {
        p.store(out, "ictbench bench dumps (delete the folder to regenerate)");
      }
      Files.move(tmp, manifestFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return fromProperties(dir, p, false);
    } catch (IOException e) {
      throw Errors.unreadableFile(dir.toString(), "folder", e.toString(), e);
    }
  }

  private static Manifest fromProperties(Path dir, Properties p, boolean reused) {
    Map<String, Long> counts = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("count.")) {
        counts.put(k.substring(6), Long.parseLong(p.getProperty(k)));
      }
    }
    return new Manifest(dir, counts.getOrDefault("slots", 0L), counts.getOrDefault("files.datahub", 0L).intValue(),
        counts.getOrDefault("files.wdi", 0L).intValue(), counts.getOrDefault("vintages.datahub", 0L).intValue(),
        reused, counts);
  }

  /** One task per file, sized so that DataHub gets ~60% and WDI ~40% of the slots. */
  private List<java.util.concurrent.Callable<Map<String, Long>>> plan(Path dir, long rows, long seed) {
    List<java.util.concurrent.Callable<Map<String, Long>>> jobs = new ArrayList<>();
    long wdiTarget = rows * 2 / 5;
    List<Entity> wdiEntities = wdiEntities(seed);
    int wdiRows = (int) Math.max(4, Math.min(wdiEntities.size(), (wdiTarget + WDI_YEARS - 1) / WDI_YEARS));
    int wdiFiles = (int) Math.max(1, Math.round((double) wdiTarget / (wdiRows * (double) WDI_YEARS)));
    long datahubTarget = Math.max(10, rows - (long) wdiFiles * wdiRows * WDI_YEARS);
    long fullKeys = (long) datahubSeries.size() * countries.size() * YEARS;
    int vintages = (int) Math.max(2, (datahubTarget + fullKeys - 1) / fullKeys);
    long keys = (datahubTarget + vintages - 1) / vintages;
    int filesPerVintage = (int) ((keys + DATAHUB_FILE_ROWS - 1) / DATAHUB_FILE_ROWS);
    for (int v = 0; v < vintages; v++) {
      String folder = DATAHUB_FIRST_VINTAGE.plusMonths(v).toString().substring(0, 7);
      for (int f = 0; f < filesPerVintage; f++) {
        long from = keys * f / filesPerVintage;
        long to = keys * (f + 1) / filesPerVintage;
        Path file = dir.resolve("itu_datahub").resolve(folder).resolve(String.format("itu_datahub_%03d.csv", f));
        int vintage = v;
        long fileSeed = mix(seed, 1_000_000L * v + f);
        jobs.add(() -> datahubFile(file, vintage, from, to, seed, fileSeed));
      }
    }
    for (int w = 0; w < wdiFiles; w++) {
      Series s = wdiSeries.get(w % wdiSeries.size());
      Path file = dir.resolve("wdi").resolve("API_" + s.code() + "_DS2_en_csv_v2_" + (1000 + w) + ".csv");
      int index = w;
      jobs.add(() -> wdiFile(file, s, index, wdiEntities.subList(0, wdiRows), seed, mix(seed, -1 - index)));
    }
    jobs.add(() -> Map.of("files.datahub", (long) vintages * filesPerVintage, "files.wdi", (long) wdiFiles,
        "vintages.datahub", (long) vintages));
    return jobs;
  }

  /** Countries, WB aggregates and two unknown entities in a seeded order (a small WDI file takes a prefix). */
  private List<Entity> wdiEntities(long seed) {
    List<Entity> all = new ArrayList<>(countries);
    all.addAll(wbAggregates);
    all.add(new Entity("Q91", "Unknown region 91", false, true));
    all.add(new Entity("Q92", "Unknown region 92", false, true));
    Collections.shuffle(all, new Random(seed));
    return all;
  }

  // ---- ITU DataHub long CSV -------------------------------------------------------------------

  private Map<String, Long> datahubFile(Path file, int vintage, long from, long to, long seed, long fileSeed)
      throws IOException {
    Counts c = new Counts();
    Random rnd = new Random(fileSeed);
    Files.createDirectories(file.getParent());
    try (Writer w = writer(file)) {
      w.write('\uFEFF');
      c.add("quirk.bom");
      w.write("\"seriesID\",\"seriesCode\",\"seriesName\",\"seriesParent\",\"seriesUnits\",\"entityID\",\"entityIso\","
          + "\"entityName\",\"dataValue\",\"dataYear\",\"dataNote\",\"dataSource\",\"seriesDescription\"\n");
      for (long k = from; k < to; k++) {
        // series vary fastest, so even a small dump holds every series (and its quirks)
        int si = (int) (k % datahubSeries.size());
        int year = FIRST_YEAR + (int) ((k / datahubSeries.size()) % YEARS);
        int ci = (int) (k / ((long) datahubSeries.size() * YEARS));
        Series s = datahubSeries.get(si);
        Entity e = countries.get(ci);
        String value = datahubValue(s, seed, si, ci, year, vintage);
        String yearText = Integer.toString(year);
        String code = s.code();
        String note = "";
        int r = rnd.nextInt(10_000);
        String reason = null;
        if (r < 150) {
          value = r % 2 == 0 ? ".." : "";
          reason = "MISSING_VALUE";
          c.add(value.isEmpty() ? "quirk.missing_empty" : "quirk.missing_dots");
        } else if (r < 200) {
          value = (1 + r % 50) + "," + (r % 10);
          reason = "UNPARSEABLE_VALUE";
        } else if (r < 230) {
          value = "-" + (1 + r % 9) + ".25";
          reason = "OUT_OF_RANGE";
        } else if (r < 260) {
          e = new Entity("Q" + (10 + r % 80), "Unknown territory " + (10 + r % 80), false, true);
          reason = "UNKNOWN_COUNTRY";
        } else if (r < 280) {
          code = UNKNOWN_SERIES;
          reason = "UNKNOWN_INDICATOR";
        } else if (r < 290) {
          yearText = "2O" + yearText.substring(2); // letter O, as in a mistyped year
          reason = "BAD_YEAR";
        } else if (r >= 9_990) {
          note = "Break in series.\nSee the metadata.";
          c.add("quirk.embedded_newline");
        }
        if (value.contains("e+")) {
          c.add("quirk.exponent");
        }
        datahubRow(w, s, code, e, ci, value, yearText, note);
        c.slot(reason);
        if (reason == null && r >= 290 && r < 320) { // an exact repeat: the second copy is quarantined
          datahubRow(w, s, code, e, ci, value, yearText, note);
          c.slot("DUPLICATE_EXACT");
          if (value.contains("e+")) {
            c.add("quirk.exponent");
          }
        } else if (reason == null && r >= 320 && r < 340) { // a conflicting repeat: both are quarantined
          String other = datahubValue(s, seed, si, ci, year, vintage + 1000);
          if (parse(other) == parse(value)) {
            other = decimal(parse(value) + 1);
          }
          datahubRow(w, s, code, e, ci, other, yearText, note);
          if (other.contains("e+")) {
            c.add("quirk.exponent");
          }
          c.unslot(null);
          c.slot("DUPLICATE_CONFLICT");
          c.slot("DUPLICATE_CONFLICT");
        }
      }
    }
    c.add("files");
    return c.map;
  }

  private static void datahubRow(Writer w, Series s, String code, Entity e, int ci, String value, String year,
                                 String note) throws IOException {
    StringBuilder b = new StringBuilder(200);
    b.append(11_000 + Math.abs(code.hashCode() % 1000)).append(",\"").append(code).append("\",\"").append(s.name())
        .append("\",,\"").append(s.unit()).append("\",").append(ci + 1).append(",\"").append(e.code()).append("\",\"")
        .append(e.name().replace("\"", "\"\"")).append("\",\"").append(value).append("\",").append(year)
        .append(",\"").append(note).append("\",\"ITU estimate.\",\"\"\n");
    w.write(b.toString());
  }

  /** A revised value per vintage; counts (max above 10,000) are written as C-printf exponents. */
  private static String datahubValue(Series s, long seed, int si, int ci, int year, int vintage) {
    double u = unit(mix(seed, ((long) si * 1000 + ci) * 10_000L + year));
    double revision = 1 + 0.01 * (((vintage * 7L + ci + year) % 5) - 2);
    if (s.max() > 10_000) {
      long mantissa = 10_000 + (long) (u * 89_999 * revision) % 89_999;
      int maxExp = Math.min(6, (int) Math.floor(Math.log10(s.max())) - 1); // stay within the valid range
      int exp = 3 + (int) ((ci + year) % (maxExp - 2));
      return (mantissa / 10_000) + "." + pad4(mantissa % 10_000) + "e+00" + exp;
    }
    return decimal(u * 95 * revision);
  }

  // ---- WDI wide CSV ---------------------------------------------------------------------------

  private Map<String, Long> wdiFile(Path file, Series s, int index, List<Entity> entities, long seed, long fileSeed)
      throws IOException {
    Counts c = new Counts();
    Random rnd = new Random(fileSeed);
    Files.createDirectories(file.getParent());
    LocalDate vintage = WDI_FIRST_VINTAGE.plusDays(index);
    int dupOf = entities.size() >= 10 ? rnd.nextInt(entities.size()) : -1;
    try (Writer w = writer(file)) {
      w.write('\uFEFF');
      c.add("quirk.bom");
      w.write("\"Data Source\",\"World Development Indicators\",\r\n\r\n\"Last Updated Date\",\"" + vintage + "\",\r\n\r\n");
      c.add("quirk.junk_header");
      StringBuilder h = new StringBuilder("\"Country Name\",\"Country Code\",\"Indicator Name\",\"Indicator Code\",");
      for (int y = 0; y < WDI_YEARS; y++) {
        h.append('"').append(WDI_FIRST_YEAR + y).append("\",");
      }
      w.write(h.append("\r\n").toString());
      List<String> reasons = new ArrayList<>(WDI_YEARS);
      int[] empties = new int[1];
      for (int i = 0; i < entities.size(); i++) {
        Entity e = entities.get(i);
        String row = wdiRow(c, rnd, s, e, index, seed, reasons, empties);
        w.write(row);
        if (i == dupOf) { // the same row twice: every value slot of the second copy is an exact repeat
          w.write(row);
          c.add("quirk.duplicate_row");
          c.map.merge("quirk.missing_empty", (long) empties[0], Long::sum);
          if (e.aggregate()) {
            c.add("quirk.wdi_aggregate_rows");
          }
          for (String slot : reasons) {
            c.slot(slot == null ? "DUPLICATE_EXACT" : slot);
          }
        }
      }
    }
    c.add("files");
    return c.map;
  }

  /** One WDI row; {@code reasons} receives each year slot's expected reason (null = published). */
  private String wdiRow(Counts c, Random rnd, Series s, Entity e, int index, long seed, List<String> reasons,
                        int[] empties) {
    reasons.clear();
    empties[0] = 0;
    StringBuilder b = new StringBuilder(1200);
    b.append('"').append(e.name().replace("\"", "\"\"")).append("\",\"").append(e.code()).append("\",\"")
        .append(s.name()).append("\",\"").append(s.code()).append("\",");
    if (e.aggregate()) {
      c.add("quirk.wdi_aggregate_rows");
    }
    if (e.unknown()) {
      c.add("quirk.unknown_country_rows");
    }
    for (int y = 0; y < WDI_YEARS; y++) {
      int year = WDI_FIRST_YEAR + y;
      int r = rnd.nextInt(10_000);
      String value;
      String reason;
      if (year < 1990 || r < 500) {
        value = "";
        reason = "MISSING_VALUE";
        c.add("quirk.missing_empty");
        empties[0]++;
      } else if (r < 530) {
        value = "-" + (1 + r % 9) + ".5";
        reason = "OUT_OF_RANGE";
      } else {
        double u = unit(mix(seed, ((long) s.code().hashCode() * 1000 + e.code().hashCode()) * 10_000L + year));
        value = decimal(u * 95 * (1 + 0.01 * ((index + year) % 5 - 2)));
        reason = null;
      }
      if (e.unknown()) {
        reason = "UNKNOWN_COUNTRY"; // the country rule comes before the value rules
      }
      reasons.add(reason);
      c.slot(reason, e.aggregate());
      b.append('"').append(value).append("\",");
    }
    return b.append("\r\n").toString();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Per-file counters: quirks, slots and the destination/reason each slot must be routed to. */
  private static final class Counts {
    final Map<String, Long> map = new TreeMap<>();

    void add(String key) {
      map.merge(key, 1L, Long::sum);
    }

    void slot(String reason) {
      slot(reason, false);
    }

    void slot(String reason, boolean aggregate) {
      add("slots");
      add(reason != null ? "expect.quarantined." + reason : aggregate ? "expect.aggregates" : "expect.observations");
    }

    void unslot(String reason) {
      map.merge("slots", -1L, Long::sum);
      map.merge(reason != null ? "expect.quarantined." + reason : "expect.observations", -1L, Long::sum);
    }
  }

  private static Writer writer(Path file) throws IOException {
    return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 20);
  }

  static String decimal(double x) {
    long m = Math.round(x * 10_000);
    return (m / 10_000) + "." + pad4(m % 10_000);
  }

  private static String pad4(long v) {
    String s = Long.toString(v);
    return "0000".substring(s.length()) + s;
  }

  static double parse(String s) {
    return Double.parseDouble(s);
  }

  private static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  /** SplitMix64 of the seed and a key. */
  static long mix(long seed, long key) {
    long z = seed * 0x9E3779B97F4A7C15L + key * 0xBF58476D1CE4E5B9L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
