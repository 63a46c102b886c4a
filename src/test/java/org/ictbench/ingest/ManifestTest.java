package org.ictbench.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Row;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/** The optional _manifest.csv overrides a file's detected format, source and vintage. */
class ManifestTest {
  @Test
  void manifestOverridesFormatSourceAndVintage() {
    Path dir = TestSpark.tempDir("manifest");
    TestSpark.fixture(dir, "a/owid.csv", "Entity,Code,Year,Individuals using the Internet (% of population)\nBelarus,BLR,2020,85.1\n");
    TestSpark.fixture(dir, "b/notes.txt", "just notes\n");
    TestSpark.fixture(dir, "_manifest.csv", "path,format,source_id,vintage\na/owid.csv,,,2023-04-15\n");
    List<Row> rows = new Ingest(TestSpark.get()).scan(dir.toString()).orderBy("file_name").collectAsList();
    assertEquals(2, rows.size(), "the manifest itself is not scanned");
    Row notes = rows.get(0);
    Row owid = rows.get(1);
    assertNull(notes.getAs("format"));
    assertEquals("OWID_GRAPHER", owid.getAs("format"));
    assertEquals(Date.valueOf("2023-04-15"), owid.getAs("vintage"));
    assertEquals("manifest", owid.getAs("vintage_basis"));
  }
}
