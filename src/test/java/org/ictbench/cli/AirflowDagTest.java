package org.ictbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ictbench.core.ExitCodes;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * jobs/airflow/ictbench_dag.py compiles, and every argument it gives spark-submit is one the CLI accepts:
 * each task's application arguments are parsed by the real command line (picocli's CommandSpec of the
 * subcommand). Airflow is not installed here; the DAG is read with Python's ast module
 * (src/test/resources/org/ictbench/cli/dag_args.py).
 */
class AirflowDagTest {
  private static final Path DAG = Path.of("jobs", "airflow", "ictbench_dag.py");
  private static JsonNode dag;

  @BeforeAll
  static void readDag() throws Exception {
    String python = python();
    Path compiled = TestSpark.tempDir("dag").resolve("ictbench_dag.pyc");
    run(python, "-c", "import py_compile, sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
        DAG.toString(), compiled.toString());
    dag = new ObjectMapper().readTree(run(python, helper().toString(), DAG.toString()));
  }

  /** python3, or a failure under CI (which has it) and a skip elsewhere. */
  private static String python() throws InterruptedException {
    try {
      if (new ProcessBuilder("python3", "--version").start().waitFor() == 0) {
        return "python3";
      }
    } catch (IOException e) {
      // not installed
    }
    String msg = "python3 is needed to read the Airflow DAG";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      org.junit.jupiter.api.Assertions.fail(msg);
    }
    org.junit.jupiter.api.Assumptions.abort(msg);
    return null;
  }

  private static Path helper() throws URISyntaxException {
    return Path.of(AirflowDagTest.class.getResource("dag_args.py").toURI());
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
    assertEquals(0, p.exitValue(), String.join(" ", cmd) + ":\n" + out);
    return out;
  }

  private static List<String> args(JsonNode task) {
    List<String> out = new ArrayList<>();
    task.get("application_args").forEach(a -> out.add(a.asText()));
    return out;
  }

  @Test
  void runsThePipelineThenTheReportOneRunAtATimeWithTheApplicationJar() {
    assertEquals(1, dag.get("dag").get("max_active_runs").asInt());
    List<String> tasks = new ArrayList<>();
    for (JsonNode t : dag.get("tasks")) {
      tasks.add(t.get("task_id").asText());
      assertEquals(Main.class.getName(), t.get("java_class").asText());
      assertTrue(t.get("application").asText().endsWith("/ictbench-spark.jar"), t.toString());
      assertEquals("IctbenchSubmitOperator", t.get("operator").asText());
    }
    assertEquals(List.of("pipeline", "report"), tasks);
    assertEquals("[[\"pipeline\",\"report\"]]", dag.get("order").toString());
  }

  /** An argument as Airflow renders it: params by their defaults, the run's date macros by a sample date. */
  private static String render(String arg) {
    Matcher m = Pattern.compile("\\{\\{\\s*params\\.(\\w+)\\s*}}").matcher(arg);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      JsonNode value = dag.get("params").get(m.group(1));
      assertTrue(value != null, "undeclared DAG param " + m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value.asText()));
    }
    m.appendTail(out);
    String rendered = out.toString().replaceAll("\\{\\{\\s*ts_nodash\\s*}}", "20250101T000000")
        .replaceAll("\\{\\{\\s*ds\\s*}}", "2025-01-01");
    assertTrue(!rendered.contains("{{"), "a template the test does not know: " + arg);
    return rendered;
  }

  @Test
  void everyArgumentIsOneTheCommandLineAccepts() {
    for (JsonNode t : dag.get("tasks")) {
      List<String> args = args(t).stream().map(AirflowDagTest::render).toList();
      CommandLine cli = Main.commandLine();
      CommandLine sub = cli.getSubcommands().get(args.get(0));
      assertTrue(sub != null, "no subcommand " + args.get(0));
      CommandSpec spec = sub.getCommandSpec();
      for (String a : args) {
        if (a.startsWith("--")) {
          assertTrue(spec.findOption(a) != null, t.get("task_id") + ": " + args.get(0) + " has no option " + a);
        }
      }
      // the whole argument list, rendered with the params' defaults, parses: option names, arity and value types
      CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(new String[0]));
      assertTrue(parsed.hasSubcommand());
      CommandLine.ParseResult job = parsed.subcommand();
      assertEquals(args.get(0), job.commandSpec().name());
      // the job writes its result where the task reads it
      assertTrue(job.hasMatchedOption("--json"), t.get("task_id") + " does not pass --json");
      assertEquals(render(t.get("result_path").asText()), job.matchedOptionValue("--json", (String) null));
    }
  }

  @Test
  void everyExitCodeHasAnAction() {
    TreeMap<Integer, String> actions = new TreeMap<>();
    dag.get("exit_codes").fields().forEachRemaining(e -> actions.put(Integer.parseInt(e.getKey()), e.getValue().asText()));
    assertEquals(ExitCodes.all().stream().map(ExitCodes.ExitCode::code).toList(), new ArrayList<>(actions.keySet()));
    assertEquals("success", actions.get(ExitCodes.OK));
    assertEquals("skip", actions.get(11)); // a held vintage needs a person, not a retry
    assertEquals("retry", actions.get(10)); // another run holds the lake
    assertEquals("fail", actions.get(ExitCodes.USAGE));
    actions.values().forEach(a -> assertTrue(Set.of("success", "skip", "retry", "fail").contains(a), a));
  }

  @Test
  void theDagFileIsPlainPython() throws IOException {
    // no helper imports beyond Airflow and the standard library: the file is copied to a DAG folder alone
    for (String line : Files.readAllLines(DAG)) {
      if (line.startsWith("import ") || line.startsWith("from ")) {
        assertTrue(line.matches("(from|import) (__future__|json|os|datetime|airflow)\\b.*"), line);
      }
    }
  }
}
