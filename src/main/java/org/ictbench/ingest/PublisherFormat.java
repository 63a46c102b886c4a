package org.ictbench.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Workbook;

/**
 * One publisher layout, end to end: how a file of it is recognised, how it turns into bronze records
 * and which value slots a record holds. Each {@link SourceFormat} names its adapter; the adapters are
 * package-private classes built on {@link CsvFormat} (header line, slot count per record) or
 * {@link WorkbookFormat} (records of a workbook read with Apache POI). Detection looks at content,
 * never at a file's name.
 */
public interface PublisherFormat {
  /**
   * Whether one of a CSV file's first lines is this format's header; {@code cells} are its cells
   * lower-cased, without quotes and surrounding blanks. Workbook formats: false.
   */
  default boolean detects(List<String> cells) {
    return false;
  }

  /** Whether a workbook has this layout. CSV formats: false. */
  default boolean detects(Workbook workbook) {
    return false;
  }

  /** True when files of this format are workbooks (else CSV). */
  boolean workbook();

  /**
   * The value slots of one well-formed bronze record of this format, in order (none for descriptive
   * or reference records). {@code vintage} is the file's vintage, or null.
   */
  List<ValueSlot> slots(Map<String, String> fields, LocalDate vintage);

  /**
   * For a format whose every record is exactly one slot read from fixed fields: those fields, so
   * curation can project the slots without converting each record to Java objects. Empty otherwise.
   */
  default Optional<Projection> projection() {
    return Optional.empty();
  }

  /**
   * Where a one-slot record's slot comes from: {@code fieldNames} holds, for each slot field, the
   * record field it is read from (or null); {@code columns} is the file's usual column order, so a
   * field is looked up at its position first.
   */
  record Projection(List<String> columns, ValueSlot fieldNames) {
    public Projection {
      columns = List.copyOf(columns);
      for (String f : fieldNames.fields()) {
        if (f != null && !columns.contains(f)) {
          throw new IllegalArgumentException(f + " is not one of the columns " + columns);
        }
      }
    }

    /**
     * The slot of one record: each field at its position in {@link #columns} when the key there is
     * its name in any case (detection ignores case), else by name. Curation computes the same with
     * Spark's map functions.
     */
    public ValueSlot apply(Map<String, String> fields) {
      List<Map.Entry<String, String>> entries = List.copyOf(fields.entrySet());
      List<String> n = fieldNames.fields();
      String[] v = new String[n.size()];
      for (int i = 0; i < v.length; i++) {
        String name = n.get(i);
        if (name == null) {
          continue;
        }
        int p = columns.indexOf(name);
        v[i] = p < entries.size() && entries.get(p).getKey().equalsIgnoreCase(name) ? entries.get(p).getValue()
            : fields.get(name);
      }
      return new ValueSlot(fieldNames.kind(), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
    }
  }
}
