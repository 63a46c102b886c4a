package org.ictbench.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ictbench.core.IctbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the query server's token comes from, and how a client URL carries it (no Spark). */
class ServerTokenTest {
  @Test
  void tokenFromTheVariableOrTheFile(@TempDir Path dir) throws Exception {
    assertEquals("abc123", ServerToken.from(Map.of("ICTBENCH_TOKEN", " abc123\n")));
    Path file = Files.writeString(dir.resolve("token"), "f00d\nsecond line ignored\n");
    assertEquals("f00d", ServerToken.from(Map.of("ICTBENCH_TOKEN_FILE", file.toString())));
    // the variable wins over the file
    assertEquals("abc123", ServerToken.from(Map.of("ICTBENCH_TOKEN", "abc123", "ICTBENCH_TOKEN_FILE", file.toString())));
  }

  @Test
  void noTokenUnreadableFileOrUnsafeCharactersAreEnvironmentErrors(@TempDir Path dir) {
    IctbenchException none = assertThrows(IctbenchException.class, () -> ServerToken.from(Map.of()));
    assertEquals(9, none.exitCode());
    assertTrue(none.getMessage().contains("ICTBENCH_TOKEN_FILE"), none.getMessage());
    IctbenchException blank = assertThrows(IctbenchException.class, () -> ServerToken.from(Map.of("ICTBENCH_TOKEN", " ")));
    assertEquals(9, blank.exitCode());
    String missing = dir.resolve("nope").toString();
    IctbenchException unreadable = assertThrows(IctbenchException.class,
        () -> ServerToken.from(Map.of("ICTBENCH_TOKEN_FILE", missing)));
    assertTrue(unreadable.getMessage().contains(missing), unreadable.getMessage());
    IctbenchException bad = assertThrows(IctbenchException.class,
        () -> ServerToken.from(Map.of("ICTBENCH_TOKEN", "a;b")));
    assertFalse(bad.getMessage().contains("a;b"), "the token is never echoed");
  }

  @Test
  void clientUrlSendsLoopbackAsLocalhostAndNeverTakesATokenFromTheCommandLine() {
    assertEquals("sc://localhost:15123/;token=t0k", ConnectSql.clientUrl("sc://127.0.0.1:15123", "t0k"));
    assertEquals("sc://localhost:15002/;token=t0k", ConnectSql.clientUrl("sc://localhost", "t0k"));
    assertEquals("sc://db.example.org:443/;use_ssl=true;token=t0k",
        ConnectSql.clientUrl("sc://db.example.org:443/;use_ssl=true", "t0k"));
    IctbenchException inUrl = assertThrows(IctbenchException.class,
        () -> ConnectSql.clientUrl("sc://127.0.0.1:1/;token=secret", "t0k"));
    assertEquals(2, inUrl.exitCode());
    assertFalse(inUrl.getMessage().contains("secret"), inUrl.getMessage());
    assertEquals(2, assertThrows(IctbenchException.class, () -> ConnectSql.clientUrl("http://x:1", "t")).exitCode());
  }
}
