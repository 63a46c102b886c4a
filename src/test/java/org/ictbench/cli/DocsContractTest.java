package org.ictbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ictbench.core.ExitCodes;
import org.junit.jupiter.api.Test;

/** What docs/operations.md promises a scheduler is what the code does: the exit codes and the --json fields. */
class DocsContractTest {
  private static final Path OPERATIONS = Path.of("docs", "operations.md");

  private static String section(String doc, String heading) {
    int start = doc.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "no section " + heading);
    int end = doc.indexOf("\n## ", start + heading.length() + 2);
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  @Test
  void theExitCodeTableIsExitCodes() throws IOException {
    String table = section(Files.readString(OPERATIONS), "## Exit codes");
    Matcher m = Pattern.compile("(?m)^\\| (\\d+) \\| (.+) \\|$").matcher(table);
    List<ExitCodes.ExitCode> documented = new ArrayList<>();
    while (m.find()) {
      documented.add(new ExitCodes.ExitCode(Integer.parseInt(m.group(1)), m.group(2)));
    }
    assertEquals(ExitCodes.all(), documented);
  }

  @Test
  void everyResultFieldIsDocumented() throws IOException {
    String doc = section(Files.readString(OPERATIONS), "## Scheduling");
    Set<String> fields = new TreeSet<>(PipelineJsonTest.TOP_LEVEL);
    fields.addAll(PipelineJsonTest.FILE_FIELDS);
    fields.addAll(PipelineJsonTest.COUNT_FIELDS);
    fields.addAll(PipelineJsonTest.TABLE_FIELDS);
    for (String f : fields) {
      assertTrue(doc.contains("`" + f + "`"), "docs/operations.md does not document the result field " + f);
    }
  }
}
