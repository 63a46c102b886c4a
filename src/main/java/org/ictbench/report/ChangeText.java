package org.ictbench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The change between an economy's last reproduced IDI edition and a nowcast, in plain words: the
 * change with the nowcast's interval, the three inputs that moved it most (values and years), and
 * the inputs the nowcast estimates rather than observes.
 */
final class ChangeText {
  static final int MOVERS = 3;

  private ChangeText() {}

  /**
   * @param economy the economy's name
   * @param catalog indicator id → {name, unit}
   */
  static String explain(ReportData.ChangeExplanation c, String economy, Map<String, String[]> catalog) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "%s: IDI %.1f in %d (%s) to %.1f in %d (%s", economy, c.idiFrom(),
        c.editionFrom(), c.statusFrom(), c.idiTo(), c.editionTo(), c.statusTo()));
    if (c.idiLowTo() != null && c.idiHighTo() != null) {
      b.append(String.format(Locale.ROOT, ", 80%% interval %.1f-%.1f", c.idiLowTo(), c.idiHighTo()));
    }
    b.append(String.format(Locale.ROOT, "), %+.1f points.", c.change()));
    List<String> movers = new ArrayList<>();
    for (ReportData.InputChange i : c.topMovers(MOVERS)) {
      movers.add(String.format(Locale.ROOT, "%s, %s in %s to %s in %s (%+.2f points)", name(i.indicator(), catalog),
          value(i.valueFrom(), i.indicator(), catalog), year(i.yearFrom()), value(i.valueTo(), i.indicator(), catalog),
          year(i.yearTo()), i.contribution()));
    }
    if (!movers.isEmpty()) {
      b.append(" What moved it most: ").append(String.join("; ", movers)).append('.');
    }
    List<String> estimated = new ArrayList<>();
    for (ReportData.InputChange i : c.estimatedInputs()) {
      estimated.add(name(i.indicator(), catalog) + " (" + how(i) + ")");
    }
    if (estimated.isEmpty()) {
      b.append(String.format(Locale.ROOT, " Every input of the %d %s is a value for its reference year.", c.editionTo(),
          c.statusTo()));
    } else {
      b.append(String.format(Locale.ROOT, " The %d %s rests on %d estimated input%s: %s.", c.editionTo(), c.statusTo(),
          estimated.size(), estimated.size() == 1 ? "" : "s", String.join("; ", estimated)));
    }
    return b.toString();
  }

  /** How an estimated input was made, in words. */
  static String how(ReportData.InputChange i) {
    String method = i.methodTo() == null ? "" : i.methodTo();
    if ("imputed".equals(i.provenanceTo())) {
      if (method.startsWith("own_trend")) {
        return "imputed from its own older value and its peers' trend";
      }
      if (method.startsWith("related")) {
        return "imputed from the economy's related indicators";
      }
      return "imputed from its peer group";
    }
    int age = i.ageTo() == null ? 0 : i.ageTo();
    String moved = method.startsWith("aged") ? ", moved by its peers' trend" : ", used as it is";
    return String.format(Locale.ROOT, "the %s value, %d year%s old%s", year(i.yearTo()), age, age == 1 ? "" : "s",
        moved);
  }

  private static String name(String indicator, Map<String, String[]> catalog) {
    String[] c = catalog.get(indicator);
    return c == null ? indicator : c[0];
  }

  static String value(Double v, String indicator, Map<String, String[]> catalog) {
    if (v == null) {
      return "no value";
    }
    String[] c = catalog.get(indicator);
    String unit = c == null || c.length < 2 || c[1] == null ? "" : c[1];
    String number = Report.val(v);
    if (unit.startsWith("%")) {
      return number + unit;
    }
    return unit.isEmpty() ? number : number + " " + unit;
  }

  private static String year(Integer y) {
    return y == null ? "?" : String.valueOf(y);
  }
}
