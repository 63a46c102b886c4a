package org.ictbench.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** Reads Parquet files' footers as written, to check what statistics they carry. */
public final class ParquetFooters {
  private ParquetFooters() {}

  /** The Parquet data files directly in {@code dir} (a Delta table's or an export's folder). */
  public static List<Path> dataFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }

  /**
   * The top-level columns for which some row group of {@code file} holds min/max statistics (a
   * nested column counts under its top-level name).
   */
  public static Set<String> columnsWithMinMax(Path file) throws IOException {
    Set<String> out = new TreeSet<>();
    HadoopInputFile in = HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration());
    try (ParquetFileReader r = ParquetFileReader.open(in)) {
      for (BlockMetaData block : r.getFooter().getBlocks()) {
        for (ColumnChunkMetaData c : block.getColumns()) {
          Statistics<?> s = c.getStatistics();
          if (s != null && s.hasNonNullValue()) {
            out.add(c.getPath().toArray()[0]);
          }
        }
      }
    }
    return out;
  }
}
