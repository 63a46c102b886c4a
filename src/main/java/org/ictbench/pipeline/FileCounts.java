package org.ictbench.pipeline;

/**
 * What one ingested file became: its bronze records and value slots, and where the slots went. The
 * no-data-lost identity is {@code slots == observations + aggregates + classifications + quarantined}
 * (the run checks it per file before publishing silver). Summed over files for the run's summary line.
 */
public record FileCounts(long records, long slots, long observations, long aggregates, long classifications,
    long quarantined) {

  /** A file that gave no bronze record (e.g. a header without data rows). */
  public static final FileCounts NONE = new FileCounts(0, 0, 0, 0, 0, 0);

  /** The counts of two files (or of a run so far and one more file) added up. */
  public FileCounts plus(FileCounts o) {
    return new FileCounts(records + o.records, slots + o.slots, observations + o.observations,
        aggregates + o.aggregates, classifications + o.classifications, quarantined + o.quarantined);
  }
}
