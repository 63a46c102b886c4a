package org.ictbench.curate;

import java.util.List;

/**
 * How one publisher entity (code and/or name) resolved: to a country ({@code iso3}), to a publisher
 * aggregate ({@code aggregateCode}), or not at all (unknown, or ambiguous with its candidates).
 */
public record Resolution(Status status, String iso3, String aggregateCode, List<String> candidates, String matchedBy) {
  public enum Status { COUNTRY, AGGREGATE, UNKNOWN, AMBIGUOUS }

  static Resolution country(String iso3, String matchedBy) {
    return new Resolution(Status.COUNTRY, iso3, null, List.of(), matchedBy);
  }

  static Resolution aggregate(String code, String matchedBy) {
    return new Resolution(Status.AGGREGATE, null, code, List.of(), matchedBy);
  }

  static Resolution ambiguous(List<String> candidates, String matchedBy) {
    return new Resolution(Status.AMBIGUOUS, null, null, List.copyOf(candidates), matchedBy);
  }

  static final Resolution UNKNOWN = new Resolution(Status.UNKNOWN, null, null, List.of(), null);
}
