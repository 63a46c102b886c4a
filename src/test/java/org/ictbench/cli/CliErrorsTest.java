package org.ictbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ictbench.core.ExecutionProfile;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.serve.SqlShell;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** Bad input gets one clear message and a distinct exit code, never a stack trace. */
class CliErrorsTest {
  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBadPairIsAnOptionError() {
    int[] code = new int[1];
    String err = stderrOf(() -> code[0] = Main.execute("pipeline", "--pair", "BLR"));
    assertEquals(2, code[0]);
    assertTrue(err.contains("--pair") && err.contains("BLR,CHN"), err);
    assertTrue(!err.contains("\tat "), "no stack trace: " + err);
  }

  @Test
  void aValueAnEnumOptionDoesNotTakeIsOneLineNamingTheValuesItTakes() {
    int[] code = new int[1];
    String err = stderrOf(() -> code[0] = Main.execute("pipeline", "--execution", "fast"));
    assertEquals(2, code[0]);
    assertEquals("ictbench: [BAD_OPTION] Option --execution has value 'fast'; expected auto, small or large.",
        err.strip());
    err = stderrOf(() -> code[0] = Main.execute("export", "gold.idi_score", "--format", "xls", "--out", "x.xls"));
    assertEquals(2, code[0]);
    assertEquals("ictbench: [BAD_OPTION] Option --format has value 'xls'; expected csv, parquet, arrow or xlsx.",
        err.strip());
  }

  @Test
  void optionValuesAreTypedWhenTheCommandLineIsParsed() {
    PipelineCommand p = new PipelineCommand();
    Main.commandLine(p).parseArgs("--pair", " blr , kaz", "--execution", "SMALL");
    assertEquals(new EconomyPair("BLR", "KAZ"), p.pair);
    assertEquals(ExecutionProfile.SMALL, p.execution);
    SqlCommand sql = new SqlCommand();
    Main.commandLine(sql).parseArgs("--format", "Csv", "SELECT 1");
    assertEquals(SqlShell.Format.CSV, sql.format);
  }

  @Test
  void theCommandLinesDefaultsAreThePipelineConfigsDefaults() {
    PipelineCommand p = new PipelineCommand();
    Main.commandLine(p).parseArgs();
    PipelineConfig defaults = PipelineConfig.builder().build();
    assertEquals(List.of(defaults.pairA(), defaults.pairB()), List.of(p.pair.a(), p.pair.b()));
    assertEquals(defaults.execution(), p.execution);
    assertEquals(defaults.writeThreads(), p.writeThreads);
    assertEquals(defaults.peers().coverageThreshold(), p.coverageThreshold);
    assertEquals(defaults.peers().cagrWindow(), p.cagrWindow);
    ReportCommand r = new ReportCommand();
    Main.commandLine(r).parseArgs();
    assertEquals(p.pair, r.pair);
  }

  @Test
  void aMissingRawFolderSaysWhichAndWhatToDo() {
    TestSpark.get(); // the command reuses the suite's session through getOrCreate
    String missing = TestSpark.tempDir("none").resolve("does-not-exist").toString();
    int[] code = new int[1];
    String err = stderrOf(() -> code[0] = Main.execute("pipeline", "--raw", missing, "--curated",
        TestSpark.tempDir("cur").toString(), "--quiet"));
    assertEquals(3, code[0]);
    assertTrue(err.contains(missing) && err.contains("Check the path"), err);
  }
}
