package org.ictbench.gold;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ictbench.gold.PeerGroups.Membership;
import org.ictbench.core.Errors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A user's own peer groups, without code changes (job option {@code --groups-file}).
 *
 * <p>CSV: header {@code group_id,group_name,iso3} plus optional {@code membership_status} (default
 * member), {@code joined}, {@code left} (ISO dates, partial allowed), {@code source_url},
 * {@code source_note}; one row per member (and per membership spell).
 *
 * <p>YAML: {@code groups:} a list of {@code {id, name, source, members: [...]}}, each member either an
 * ISO alpha-3 string or a map {@code {iso3, status, joined, left, source}}.
 */
final class UserGroupsFile {
  private UserGroupsFile() {}

  static List<Membership> parseCsv(String name, String text) {
    CSVFormat fmt = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
        .setTrim(true).get();
    List<Membership> out = new ArrayList<>();
    try (CSVParser p = CSVParser.parse(new StringReader(text), fmt)) {
      List<String> header = p.getHeaderNames();
      for (String required : List.of("group_id", "iso3")) {
        if (!header.contains(required)) {
          throw Errors.invalidGroupsFile(name, 1, "missing column '" + required + "' (header: " + header + ")");
        }
      }
      for (CSVRecord r : p) {
        long line = r.getRecordNumber() + 1;
        if (!r.isConsistent()) {
          throw Errors.invalidGroupsFile(name, line, "expected " + header.size() + " fields, found " + r.size());
        }
        Map<String, String> m = r.toMap();
        try {
          out.add(PeerGroups.membership(m.getOrDefault("group_id", "").trim(), m.get("group_name"),
              m.getOrDefault("iso3", ""), m.get("membership_status"), m.get("joined"), m.get("left"),
              withFile(name, PeerGroups.source(m.get("source_url"), m.get("source_note")))));
        } catch (IllegalArgumentException e) {
          throw Errors.invalidGroupsFile(name, line, e.getMessage());
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw Errors.invalidGroupsFile(name, 0, "not readable as CSV: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw Errors.invalidGroupsFile(name, 0, "no membership rows");
    }
    return out;
  }

  static List<Membership> parseYaml(String name, String text) {
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (YAMLException e) {
      throw Errors.invalidGroupsFile(name, 0, "not valid YAML: " + firstLine(e.getMessage()));
    }
    if (!(doc instanceof Map<?, ?> root) || !(root.get("groups") instanceof List<?> groups)) {
      throw Errors.invalidGroupsFile(name, 0, "expected a top-level 'groups:' list");
    }
    List<Membership> out = new ArrayList<>();
    for (Object g : groups) {
      if (!(g instanceof Map<?, ?> group) || group.get("id") == null || !(group.get("members") instanceof List<?> ms)) {
        throw Errors.invalidGroupsFile(name, 0, "each group needs 'id' and a 'members' list: " + g);
      }
      String id = String.valueOf(group.get("id")).trim();
      String groupName = group.get("name") == null ? id : String.valueOf(group.get("name"));
      String groupSource = group.get("source") == null ? "" : String.valueOf(group.get("source"));
      for (Object m : ms) {
        try {
          if (m instanceof Map<?, ?> mm) {
            out.add(PeerGroups.membership(id, groupName, str(mm.get("iso3")), str(mm.get("status")),
                str(mm.get("joined")), str(mm.get("left")),
                withFile(name, mm.get("source") == null ? groupSource : str(mm.get("source")))));
          } else {
            out.add(PeerGroups.membership(id, groupName, str(m), null, null, null, withFile(name, groupSource)));
          }
        } catch (IllegalArgumentException e) {
          throw Errors.invalidGroupsFile(name, 0, "group " + id + ", member " + m + ": " + e.getMessage());
        }
      }
    }
    if (out.isEmpty()) {
      throw Errors.invalidGroupsFile(name, 0, "no members");
    }
    return out;
  }

  /** YAML turns 2019-04-12 into a Date and 2019 into an Integer: back to ISO text. */
  private static String str(Object o) {
    if (o == null) {
      return null;
    }
    if (o instanceof java.util.Date d) {
      return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }
    return String.valueOf(o);
  }

  private static String withFile(String name, String source) {
    return source == null || source.isBlank() ? "user file " + name : source + " [user file " + name + "]";
  }

  private static String firstLine(String s) {
    int i = s == null ? -1 : s.indexOf('\n');
    return i < 0 ? String.valueOf(s) : s.substring(0, i);
  }
}
