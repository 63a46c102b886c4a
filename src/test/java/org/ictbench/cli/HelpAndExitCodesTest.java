package org.ictbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ictbench.core.ExitCodes;
import org.ictbench.core.IctbenchException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every job's --help reads cleanly at 80 columns and ends with the one exit-code table. No Spark. */
class HelpAndExitCodesTest {
  private static final Pattern CODE_LINE = Pattern.compile("^\\s{1,4}(\\d{1,2})\\s{2,}\\S.*$");

  /** Root and every subcommand, by name, configured the way Main runs them, rendered at 80 columns. */
  static Map<String, CommandLine> commands() {
    CommandLine cli = Main.commandLine();
    cli.setUsageHelpAutoWidth(false);
    cli.setUsageHelpWidth(80);
    Map<String, CommandLine> all = new LinkedHashMap<>();
    all.put("ictbench", cli);
    all.putAll(cli.getSubcommands());
    return all;
  }

  @Test
  void theExitCodeTableCoversEveryErrorCodeAndNothingElse() {
    TreeSet<Integer> fromErrors = new TreeSet<>(List.of(ExitCodes.OK, ExitCodes.UNEXPECTED, ExitCodes.USAGE));
    Arrays.stream(IctbenchException.Code.values()).forEach(c -> fromErrors.add(c.exitCode()));
    TreeSet<Integer> listed = new TreeSet<>();
    ExitCodes.all().forEach(e -> assertTrue(listed.add(e.code()), "listed twice: " + e.code()));
    assertEquals(fromErrors, listed);
    // picocli's own usage-error code is the one the table gives to a bad option
    assertEquals(CommandLine.ExitCode.USAGE, ExitCodes.USAGE);
    assertEquals(ExitCodes.USAGE, IctbenchException.Code.BAD_OPTION.exitCode());
  }

  @Test
  void everyJobsHelpFitsEightyColumnsAndListsEveryExitCode() {
    for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
      String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
      List<String> lines = help.lines().toList();
      for (String l : lines) {
        assertTrue(l.length() <= 80, e.getKey() + " --help has a line of " + l.length() + " columns: " + l);
      }
      int heading = lines.indexOf("Exit codes (the same in every job):");
      assertTrue(heading > 0, e.getKey() + " --help has no exit-code section:\n" + help);
      List<Integer> codes = new ArrayList<>();
      for (String l : lines.subList(heading + 1, lines.size())) {
        Matcher m = CODE_LINE.matcher(l);
        if (m.matches()) {
          codes.add(Integer.parseInt(m.group(1)));
        }
      }
      assertEquals(ExitCodes.all().stream().map(ExitCodes.ExitCode::code).toList(), codes, e.getKey() + ":\n" + help);
      // each meaning is there in full (wrapped by picocli, not cut)
      String flat = help.replaceAll("\\s+", " ");
      ExitCodes.all().forEach(c -> assertTrue(flat.contains(c.meaning()), e.getKey() + ": " + c.meaning()));
    }
  }

  @Test
  void descriptionsAreSingleParagraphsThatPicocliWraps() {
    // hand-broken lines (an array of fragments) are wrapped again by picocli: "compute the / gold / benchmarks"
    for (Map.Entry<String, CommandLine> e : commands().entrySet()) {
      CommandSpec spec = e.getValue().getCommandSpec();
      assertTrue(spec.usageMessage().description().length <= 1, e.getKey() + " description is split by hand");
      for (OptionSpec o : spec.options()) {
        assertTrue(o.description().length <= 1, e.getKey() + " " + o.longestName() + " description is split by hand");
      }
      String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
      String description = String.join(" ", spec.usageMessage().description());
      if (!description.isEmpty() && !description.contains("${")) {
        assertTrue(help.replaceAll("\\s+", " ").contains(description.replaceAll("\\s+", " ")), e.getKey());
      }
    }
  }

  /** Root and every subcommand, configured the way Main runs them, rendered at {@code width} columns. */
  static Map<String, CommandLine> commands(int width) {
    Map<String, CommandLine> all = commands();
    all.values().forEach(c -> c.setUsageHelpWidth(width));
    return all;
  }

  private static String flat(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /** Everything picocli wraps in a command's help: descriptions, option and parameter texts, exit codes. */
  private static List<String> wrappedTexts(CommandLine cli) {
    CommandSpec spec = cli.getCommandSpec();
    List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
    for (OptionSpec o : spec.options()) {
      for (String d : o.description()) {
        texts.add(d.replace("${DEFAULT-VALUE}", String.valueOf(o.defaultValue())));
      }
    }
    spec.positionalParameters().forEach(p -> texts.addAll(Arrays.asList(p.description())));
    cli.getSubcommands().values().forEach(sub -> texts.add(sub.getCommandSpec().usageMessage().description()[0]));
    ExitCodes.all().forEach(c -> texts.add(c.meaning()));
    return texts;
  }

  @Test
  void textIsWrappedAtSpacesOnlyAtAnyWidth() {
    // Java's line BreakIterator also breaks after a dot, a colon or before a bracket: "silver. /
    // vintage_review", "k8s: / //...", "local / [*]" are wrong when copied
    for (int width : new int[] {80, 100, 132}) {
      for (Map.Entry<String, CommandLine> e : commands(width).entrySet()) {
        String help = e.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (String l : help.lines().toList()) {
          assertTrue(l.length() <= width, e.getKey() + " at " + width + " columns: " + l);
        }
        String rendered = flat(help);
        for (String text : wrappedTexts(e.getValue())) {
          assertTrue(rendered.contains(flat(text)),
              e.getKey() + " at " + width + " columns breaks a word of \"" + text + "\":\n" + help);
        }
      }
    }
  }

  @Test
  void pipelineHelpReadsCleanly() {
    String help = commands().get("pipeline").getUsageMessage(CommandLine.Help.Ansi.OFF);
    // the first description line is filled up to the width, not cut after a few words
    String first = help.lines().dropWhile(l -> !l.startsWith("Ingest every file")).findFirst().orElseThrow();
    assertTrue(first.length() > 60, first);
  }

  @Test
  void usageErrorsExitTwoAndHelpExitsZero() {
    PrintStream old = System.err;
    PrintStream oldOut = System.out;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.execute("pipeline", "--no-such-option"));
      assertEquals(2, Main.execute("export", "gold.idi_score")); // required --format and --out missing
      assertEquals(2, Main.execute("pipeline", "--write-threads", "many"));
      assertEquals(2, Main.execute("no-such-job"));
      assertEquals(0, Main.execute("pipeline", "--help"));
    } finally {
      System.setErr(old);
      System.setOut(oldOut);
    }
    String e = err.toString(StandardCharsets.UTF_8);
    assertTrue(e.contains("Unknown option: '--no-such-option'"), e);
  }

  /** A job whose driver heap is exhausted: the Error the JVM raises then, thrown from the job's body. */
  @CommandLine.Command(name = "greedy")
  static final class Greedy implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
      throw new OutOfMemoryError("Java heap space");
    }
  }

  @Test
  void aJobOutOfMemoryEndsWithTheEnvironmentCodeAndSaysHowToGiveItMoreWithoutAStackTrace() {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.execute(new Greedy());
    } finally {
      System.setErr(saved);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(9, code, text);
    assertEquals(IctbenchException.Code.ENVIRONMENT.exitCode(), code);
    assertTrue(text.startsWith("ictbench: [ENVIRONMENT] The driver ran out of memory (Java heap space; its heap limit is "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MB)"), text);
    assertTrue(text.contains("ICTBENCH_DRIVER_MEMORY="), text);
    assertTrue(!text.contains("\tat ") && !text.contains("Exception in thread"), text);
  }
}
