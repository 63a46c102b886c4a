package org.ictbench.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.Column.Overflow;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.IHelpFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * picocli's usage help with its text wrapped at spaces only. picocli wraps with the JDK's line
 * BreakIterator, which also breaks after a dot or a colon and before a bracket: table names, paths and
 * URIs would come out as "silver. / vintage_review", "k8s: / //..." and "local / [*]", which a reader
 * copies wrong. Layout, columns and indents stay picocli's; a single word longer than its column is still
 * broken by picocli.
 */
final class WrappedHelp extends Help {
  /** Installs this help on {@code cli} (and its subcommands). */
  static final IHelpFactory FACTORY = WrappedHelp::new;

  private WrappedHelp(CommandSpec spec, ColorScheme scheme) {
    super(spec, scheme);
  }

  private int width() {
    return commandSpec().usageMessage().width();
  }

  private boolean adjustCjk() {
    return commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters();
  }

  private TextTable table(ColorScheme scheme, Column... columns) {
    TextTable t = new SpaceWrappingTable(scheme, columns);
    t.setAdjustLineBreaksForWideCJKCharacters(adjustCjk());
    return t;
  }

  /** picocli's five option columns (marker, short name, comma, long names, description). */
  @Override
  public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
      ColorScheme scheme) {
    int longNames = calcLongOptionColumnWidth(options, positionals, scheme);
    TextTable t = table(scheme,
        new Column(2, 0, Overflow.TRUNCATE),
        new Column(2, 0, Overflow.SPAN),
        new Column(1, 0, Overflow.TRUNCATE),
        new Column(longNames, 1, Overflow.SPAN),
        new Column(width() - 5 - longNames, 1, Overflow.WRAP));
    return new Layout(scheme, t, createDefaultOptionRenderer(), createDefaultParameterRenderer());
  }

  @Override
  public String description(Object... params) {
    return paragraphs(commandSpec().usageMessage().description(), params);
  }

  @Override
  public String header(Object... params) {
    return paragraphs(commandSpec().usageMessage().header(), params);
  }

  @Override
  public String footer(Object... params) {
    return paragraphs(commandSpec().usageMessage().footer(), params);
  }

  private String paragraphs(String[] values, Object... params) {
    StringBuilder sb = new StringBuilder();
    if (values != null) {
      TextTable t = table(colorScheme(), new Column(width(), 0, Overflow.WRAP));
      t.indentWrappedLines = 0;
      for (String v : values) {
        t.addRowValues(format(v, params));
      }
      t.toString(sb);
    }
    return sb.toString();
  }

  /** Two columns: key (exit code) and value (its meaning), as picocli lays them out. */
  @Override
  public TextTable createTextTable(Map<?, ?> map) {
    if (map == null || map.isEmpty()) {
      return super.createTextTable(map);
    }
    int spacing = 3;
    int key = Math.min(width() - spacing - 1, map.keySet().stream().mapToInt(k -> String.valueOf(k).length()).max()
        .orElse(0));
    TextTable t = table(colorScheme(), new Column(key + spacing, 2, Overflow.SPAN),
        new Column(width() - (key + spacing), 2, Overflow.WRAP));
    map.forEach((k, v) -> t.addRowValues(format(String.valueOf(k)), format(String.valueOf(v))));
    return t;
  }

  /** Subcommand names and the first line of their description, as picocli lays them out. */
  @Override
  public String commandList(Map<String, Help> subcommands) {
    if (subcommands.isEmpty()) {
      return "";
    }
    int names = Math.min(subcommands.keySet().stream().mapToInt(String::length).max().orElse(0), width() / 2);
    TextTable t = table(colorScheme(), new Column(names + 2, 2, Overflow.SPAN),
        new Column(width() - (names + 2), 2, Overflow.WRAP));
    for (Help help : subcommands.values()) {
      UsageMessageSpec usage = help.commandSpec().usageMessage();
      String first = usage.header() != null && usage.header().length > 0 ? usage.header()[0]
          : usage.description() != null && usage.description().length > 0 ? usage.description()[0] : "";
      Text[] lines = colorScheme().text(format(first)).splitLines();
      for (int i = 0; i < lines.length; i++) {
        t.addRowValues(i == 0 ? help.commandNamesText(", ") : colorScheme().text(""), lines[i]);
      }
    }
    return t.toString();
  }

  private static String format(String text, Object... params) {
    try {
      return text == null ? "" : String.format(text, params);
    } catch (java.util.IllegalFormatException e) {
      return text;
    }
  }

  /** A picocli table whose wrapping columns break lines at spaces only. */
  static final class SpaceWrappingTable extends TextTable {
    SpaceWrappingTable(ColorScheme scheme, Column... columns) {
      super(scheme, columns);
    }

    @Override
    public Cell putValue(int row, int col, Text value) {
      Column column = columns()[col];
      String plain = value == null ? "" : value.plainString();
      if (column.overflow != Overflow.WRAP || plain.isEmpty()) {
        return super.putValue(row, col, value);
      }
      int indent = column.indent;
      Cell cell = null;
      try {
        int start = 0;
        while (start < plain.length()) {
          int end = lineEnd(plain, start, column.width - column.indent);
          if (cell != null) {
            addEmptyRow();
            row = cell.row + 1;
          }
          // each line fits its column, so picocli writes it as it is (only a too-long word is broken)
          cell = super.putValue(row, col, value.substring(start, end));
          column.indent = indent + indentWrappedLines;
          start = end;
          while (start < plain.length() && plain.charAt(start) == ' ') {
            start++;
          }
        }
      } finally {
        column.indent = indent;
      }
      return cell;
    }

    /** End of the line starting at {@code start} that fits {@code room} columns, breaking at a space. */
    static int lineEnd(String text, int start, int room) {
      if (text.length() - start <= room) {
        return text.length();
      }
      for (int i = start + room; i > start; i--) {
        if (text.charAt(i) == ' ') {
          int end = i;
          while (end > start && text.charAt(end - 1) == ' ') {
            end--;
          }
          if (end > start) {
            return end;
          }
        }
      }
      int space = text.indexOf(' ', start + room);
      return space < 0 ? text.length() : space; // one word longer than the column
    }
  }
}
