package org.ictbench.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The new vintage file of {@code jobs/bench.sh --real}: one World Bank WDI wide file of the real
 * collection ({@code API_<indicator>_DS2_*.csv}, preferring internet users, IT.NET.USER.ZS) restated as
 * the publisher would restate it: the same rows and columns, a newer "Last Updated Date" where the file
 * states one, and the newest value of the first {@link #REVISED} economies with a value revised by
 * +1%. It is written into a folder named after the new vintage's date under the copy of the collection
 * (never into the collection itself), so a run that ingests it sees one new file of a known vintage,
 * and the vintage gate passes it (a handful of revised values, no economy dropped, same scale).
 */
final class NewVintage {
  /** Economies whose newest value is revised. */
  static final int REVISED = 5;
  private static final Pattern STATED = Pattern.compile("(\"?Last Updated Date\"?\\s*,\\s*\"?)(\\d{4}-\\d{2}-\\d{2})");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

  /** What was written: the file it restates, the new file, its vintage, and how many values were revised. */
  record Written(Path from, Path to, LocalDate vintage, int revised) {}

  private NewVintage() {}

  /** Restates a WDI file of {@code collection} into {@code collection/bench_new_vintage_<date>/}. */
  static Written write(Path collection, LocalDate vintage) {
    Path from = pick(collection);
    try {
      String text = new String(Files.readAllBytes(from), StandardCharsets.UTF_8);
      String lineEnd = text.contains("\r\n") ? "\r\n" : "\n";
      String[] lines = text.split("\r?\n", -1);
      Matcher stated = STATED.matcher(text);
      int header = -1;
      for (int i = 0; i < lines.length && header < 0; i++) {
        if (lines[i].replace("\"", "").replace("\uFEFF", "").startsWith("Country Name,Country Code")) {
          header = i;
        }
      }
      if (header < 0) {
        throw new IllegalStateException(from + " has no 'Country Name,Country Code' header: not a WDI wide file");
      }
      int revised = 0;
      for (int i = header + 1; i < lines.length && revised < REVISED; i++) {
        String revisedLine = reviseNewest(lines[i]);
        if (revisedLine != null) {
          lines[i] = revisedLine;
          revised++;
        }
      }
      String out = String.join(lineEnd, lines);
      if (stated.find()) {
        out = STATED.matcher(out).replaceFirst("$1" + vintage);
      }
      Path to = collection.resolve("bench_new_vintage_" + vintage).resolve(from.getFileName());
      Files.createDirectories(to.getParent());
      Files.write(to, out.getBytes(StandardCharsets.UTF_8));
      return new Written(from, to, vintage, revised);
    } catch (IOException e) {
      throw new IllegalStateException("cannot restate " + from + ": " + e, e);
    }
  }

  /** The WDI wide file to restate: internet users if the collection has it, else the first API_*.csv by path. */
  static Path pick(Path collection) {
    try (Stream<Path> s = Files.walk(collection)) {
      List<Path> wide = s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("API_.*\\.csv"))
          .sorted(Comparator.comparing(Path::toString)).toList();
      return wide.stream().filter(p -> p.getFileName().toString().startsWith("API_IT.NET.USER.ZS_")).findFirst()
          .or(() -> wide.stream().findFirst())
          .orElseThrow(() -> new IllegalStateException("no WDI wide file (API_*.csv) under " + collection
              + " to restate as a new vintage"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + collection + ": " + e, e);
    }
  }

  /**
   * The data row with its last numeric cell raised by 1% (same number of decimals, at least 4), or
   * null when the row has none. Cells are split on commas outside quotes; quoting is kept as it was.
   */
  static String reviseNewest(String line) {
    List<int[]> cells = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || (line.charAt(i) == ',' && !quoted)) {
        cells.add(new int[] {start, i});
        start = i + 1;
      } else if (line.charAt(i) == '"') {
        quoted = !quoted;
      }
    }
    for (int c = cells.size() - 1; c >= 4; c--) {
      int[] span = cells.get(c);
      String cell = line.substring(span[0], span[1]);
      String q = cell.startsWith("\"") && cell.endsWith("\"") && cell.length() >= 2 ? "\"" : "";
      String v = q.isEmpty() ? cell : cell.substring(1, cell.length() - 1);
      if (!NUMBER.matcher(v).matches()) {
        continue;
      }
      int dot = v.indexOf('.');
      int decimals = Math.max(4, dot < 0 || v.matches(".*[eE].*") ? 0 : v.length() - dot - 1);
      String revised = String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(v) * 1.01);
      return line.substring(0, span[0]) + q + revised + q + line.substring(span[1]);
    }
    return null;
  }
}
