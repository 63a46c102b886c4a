package org.ictbench.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ictbench.core.BuildInfo;
import org.ictbench.core.Errors;
import org.ictbench.core.ExitCodes;
import org.ictbench.core.IctbenchException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of every job in {@code jobs/}: {@code pipeline}, {@code sql}. A user-facing error is
 * printed as one clear message (no stack trace; set ICTBENCH_DEBUG=1 for one) with a distinct exit code.
 */
@Command(name = "ictbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "ITU ICT indicators to curated Delta tables, the ICT Development Index and benchmarks.",
    subcommands = {PipelineCommand.class, SqlCommand.class, CountriesCommand.class, RevisionsCommand.class,
        ExportCommand.class, ClaimsCommand.class, ReportCommand.class, ServeCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    return execute(new Main(), args);
  }

  /**
   * Runs {@code command} (a picocli command, e.g. {@link Main} or another entry point's) with the same
   * error handling, help and {@code --version} on it and every subcommand; returns the exit code.
   */
  public static int execute(Object command, String... args) {
    try {
      return commandLine(command).execute(args);
    } catch (Error e) {
      // picocli hands only Exceptions to the handler; Hadoop reports a failed local write as its FSError
      // (matched by name: `sql --connect` runs without Hadoop on the class path)
      IctbenchException known = "org.apache.hadoop.fs.FSError".equals(e.getClass().getName())
          ? Errors.storageFailed(e) : Errors.known(e);
      if (known == null) {
        throw e;
      }
      System.err.println("ictbench: " + known.getMessage());
      debug(e);
      return known.exitCode();
    }
  }

  /** The command line of every job, as {@link #execute(String...)} runs it. */
  public static CommandLine commandLine() {
    return commandLine(new Main());
  }

  /**
   * {@code command}'s command line: picocli wraps the help text to the terminal's width (80 columns
   * without a terminal), every command's help ends with the exit codes of {@link ExitCodes} and has
   * {@code --version}, and an error is one message with its own exit code.
   */
  public static CommandLine commandLine(Object command) {
    CommandLine cli = new CommandLine(command);
    cli.setUsageHelpAutoWidth(true);
    cli.setCaseInsensitiveEnumValuesAllowed(true); // --format CSV, --execution Small
    IParameterExceptionHandler usage = cli.getParameterExceptionHandler();
    cli.setParameterExceptionHandler((ex, args) -> {
      // A value an option's converter or enum refused: one message and exit 2, as for any bad option.
      IctbenchException found = Errors.known(ex);
      IctbenchException known = found != null ? found : enumValueRefused(ex);
      if (known == null) {
        return usage.handleParseException(ex, args);
      }
      ex.getCommandLine().getErr().println("ictbench: " + known.getMessage());
      debug(ex);
      return known.exitCode();
    });
    cli.setHelpFactory(WrappedHelp.FACTORY);
    setVersion(cli);
    withExitCodes(cli);
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      IctbenchException known = Errors.known(ex);
      if (known != null) {
        cmd.getErr().println("ictbench: " + known.getMessage());
        debug(ex);
        return known.exitCode();
      }
      cmd.getErr().println("ictbench: unexpected failure: " + ex);
      cmd.getErr().println("  This is a bug or an environment problem; rerun with ICTBENCH_DEBUG=1 for the stack trace.");
      debug(ex);
      return ExitCodes.UNEXPECTED;
    });
    return cli;
  }

  private static void withExitCodes(CommandLine cli) {
    cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes (the same in every job):%n")
        .exitCodeList(ExitCodes.helpList());
    cli.getSubcommands().values().forEach(Main::withExitCodes);
  }

  private static void setVersion(CommandLine cli) {
    cli.getCommandSpec().versionProvider(new Version());
    cli.getSubcommands().values().forEach(Main::setVersion);
  }

  /** {@code --version} of every command: the build's version (from the pom) and its Spark and Delta. */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"ictbench " + BuildInfo.version(), BuildInfo.stack()};
    }
  }

  /** The bad-option error for a value an enum-typed option does not take, else null. */
  private static IctbenchException enumValueRefused(ParameterException ex) {
    if (!(ex.getArgSpec() instanceof OptionSpec o) || !o.type().isEnum() || ex.getValue() == null) {
      return null;
    }
    List<String> names = Arrays.stream(o.type().getEnumConstants())
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
    String expected = names.size() == 1 ? names.get(0)
        : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    return Errors.badOption(o.longestName(), ex.getValue(), expected);
  }

  private static void debug(Throwable t) {
    if ("1".equals(System.getenv("ICTBENCH_DEBUG"))) {
      t.printStackTrace();
    }
  }

  @Spec
  CommandSpec spec;

  /** {@code ictbench} without a job: the same help as {@code ictbench --help}. */
  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
