package org.ictbench.ingest;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One value slot of a bronze record, as its publisher format reads it: a value (an indicator's
 * observation) or a classification (an economy's region or income group), every field the raw text
 * of the record (or null). Curation parses, resolves and routes the slots; the slot count of a record
 * in bronze equals the number of slots its format extracts from it.
 */
public record ValueSlot(Kind kind, String entityCode, String entityName, String publisherCode, String year,
    String value, String flag, String note, String unitLabel, String region, String incomeGroup) {

  /** What a slot carries; {@link #label()} is the {@code slot_kind} curation writes. */
  public enum Kind {
    VALUE, CLASSIFICATION;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The slot's fields after its kind, in the order of the slot columns curation writes. */
  public static final List<String> FIELDS = Arrays.stream(ValueSlot.class.getRecordComponents())
      .skip(1).map(java.lang.reflect.RecordComponent::getName).toList();

  public static ValueSlot value(String entityCode, String entityName, String publisherCode, String year,
      String value, String flag, String note, String unitLabel) {
    return new ValueSlot(Kind.VALUE, entityCode, entityName, publisherCode, year, value, flag, note, unitLabel,
        null, null);
  }

  public static ValueSlot classification(String entityCode, String entityName, String publisherCode, String year,
      String note, String region, String incomeGroup) {
    return new ValueSlot(Kind.CLASSIFICATION, entityCode, entityName, publisherCode, year, null, null, note, null,
        region, incomeGroup);
  }

  /** The fields after the kind, in {@link #FIELDS} order. */
  public List<String> fields() {
    return Arrays.asList(entityCode, entityName, publisherCode, year, value, flag, note, unitLabel, region,
        incomeGroup);
  }
}
