package org.ictbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
