package org.ictbench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.ictbench.core.LakeLog;
import org.ictbench.testing.FileSha256;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A file the lake logged as ingested is only fingerprinted by the driver's scan: its description (format,
 * source, vintage, detail) is the one it was ingested with, its location, size and time its own; any
 * other file is detected as usual. No Spark.
 */
class LoggedFileScanTest {
  private static final String WDI = "wdi/2024-11/API_IT.NET.USER.ZS_DS2_en_csv_v2_2160.csv";
  private static final String DATAHUB = "itu_datahub/2025-10/dirty_examples.csv";

  @Test
  void aLoggedFileKeepsItsLoggedDescriptionAndTheOthersAreDetected() throws Exception {
    Path raw = TestSpark.tempDir("logged-scan");
    for (String f : List.of(WDI, DATAHUB)) {
      Files.createDirectories(raw.resolve(f).getParent());
      Files.copy(TestSpark.bundledRaw().resolve(f), raw.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
    }
    Path wdi = raw.resolve(WDI);
    String sha = FileSha256.of(wdi);
    // a description no detection gives, so the row can only have come from the log
    Ingest.Described logged = new Ingest.Described("LOGGED_FORMAT", "LOGGED_SOURCE", LocalDate.of(2001, 2, 3),
        "logged basis", "logged label", "logged detail");

    List<Row> detected = Ingest.scanOnDriver(LakeLog.hadoopConfiguration(), raw.toString()).orElseThrow().files();
    List<Row> scanned = Ingest.scanOnDriver(LakeLog.hadoopConfiguration(), raw.toString(), Map.of(sha, logged))
        .orElseThrow().files();

    assertEquals(2, scanned.size());
    Row w = scanned.stream().filter(r -> r.<String>getAs("file_uri").endsWith(WDI)).findFirst().orElseThrow();
    assertEquals(sha, w.getAs("file_sha256"));
    assertEquals(Files.size(wdi), (long) w.getAs("size_bytes"));
    assertEquals(new Timestamp(Files.getLastModifiedTime(wdi).toMillis()), w.getAs("modified_at"));
    assertEquals(wdi.getFileName().toString(), w.getAs("file_name"));
    assertEquals("LOGGED_FORMAT", w.getAs("format"));
    assertEquals("LOGGED_SOURCE", w.getAs("source_id"));
    assertEquals(Date.valueOf("2001-02-03"), w.getAs("vintage"));
    assertEquals("logged basis", w.getAs("vintage_basis"));
    assertEquals("logged label", w.getAs("vintage_label"));
    assertEquals("logged detail", w.getAs("detail"));
    // detected as usual: the WDI file states its date, and the DataHub export is the same row either way
    Row d = detected.stream().filter(r -> r.<String>getAs("file_uri").endsWith(WDI)).findFirst().orElseThrow();
    assertEquals(SourceFormat.WDI_WIDE.name(), d.getAs("format"));
    assertEquals(Date.valueOf("2024-11-01"), d.getAs("vintage"));
    assertEquals(detected.stream().filter(r -> r.<String>getAs("file_uri").endsWith(DATAHUB)).toList(),
        scanned.stream().filter(r -> r.<String>getAs("file_uri").endsWith(DATAHUB)).toList());
  }
}
