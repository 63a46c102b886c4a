package org.ictbench.ingest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file's vintage: the publisher's "last updated" date where the file states it, else the release
 * named by its folder (nearest folder first), else the file's modification date. {@code basis} says
 * which, so an analyst can tell a stated date from a guess.
 */
record Vintage(LocalDate date, String basis, String label) {
  private static final Pattern STATED = Pattern.compile("\"?Last Updated Date\"?\\s*,\\s*\"?(\\d{4}-\\d{2}-\\d{2})");
  private static final Pattern YEAR_MONTH = Pattern.compile("(?<!\\d)(\\d{4})-(\\d{2})(?:-(\\d{2}))?(?!\\d)");
  private static final Pattern MONTH_NAME_YEAR =
      Pattern.compile("(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[_-]?(\\d{4})(?!\\d)");
  private static final Pattern YEAR = Pattern.compile("(?<!\\d)(\\d{4})(?!\\d)");
  private static final Map<String, Integer> MONTHS = Map.ofEntries(
      Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4),
      Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
      Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));

  /**
   * @param head the file's first characters
   * @param folders the file's folder names, nearest first (up to, not including, the raw root)
   * @param modifiedMillis the file's modification time
   */
  static Vintage of(String head, List<String> folders, long modifiedMillis) {
    Matcher stated = STATED.matcher(head);
    if (stated.find()) {
      return new Vintage(LocalDate.parse(stated.group(1)), "stated", stated.group(0).replace("\"", ""));
    }
    for (String folder : folders) {
      LocalDate d = fromFolder(folder.toLowerCase(Locale.ROOT));
      if (d != null) {
        return new Vintage(d, "folder", folder);
      }
    }
    LocalDate mtime = Instant.ofEpochMilli(modifiedMillis).atZone(ZoneOffset.UTC).toLocalDate();
    return new Vintage(mtime, "file_mtime", "modified " + mtime);
  }

  static LocalDate fromFolder(String name) {
    Matcher m = YEAR_MONTH.matcher(name);
    if (m.find() && plausibleYear(m.group(1))) {
      int month = Integer.parseInt(m.group(2));
      int day = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        return LocalDate.of(Integer.parseInt(m.group(1)), month, Math.min(day, 28));
      }
    }
    m = MONTH_NAME_YEAR.matcher(name);
    if (m.find() && plausibleYear(m.group(2))) {
      return LocalDate.of(Integer.parseInt(m.group(2)), MONTHS.get(m.group(1)), 1);
    }
    m = YEAR.matcher(name);
    if (m.find() && plausibleYear(m.group(1))) {
      return LocalDate.of(Integer.parseInt(m.group(1)), 1, 1);
    }
    return null;
  }

  private static boolean plausibleYear(String y) {
    int year = Integer.parseInt(y);
    return year >= 1990 && year <= 2099;
  }
}
