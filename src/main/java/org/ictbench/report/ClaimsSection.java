package org.ictbench.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Section 5: each stated figure of the claims file against the curated data. */
final class ClaimsSection extends SectionWriter {
  ClaimsSection(Report.Context ctx) {
    super(ctx, "claims", "5. Claims check");
  }

  @Override
  void write() {
    if (data.claims() == null) {
      note("No claims file given (--claims FILE).");
      return;
    }
    blocks.add(Page.Block.claimsExplanation());
    List<List<String>> t = new ArrayList<>();
    for (Row r : data.claims().collectAsList()) {
      Double cur = r.getAs("curated_value");
      String ind = r.getAs("indicator");
      String indName = switch (ind) {
        case "idi" -> "ICT Development Index";
        case "idi_universal" -> "IDI Universal pillar";
        case "idi_meaningful" -> "IDI Meaningful pillar";
        default -> catalog.getOrDefault(ind, new String[] {ind})[0];
      };
      t.add(List.of(r.getAs("claim_id"), data.name(r.getAs("economy")), indName,
          r.getAs("period_kind") + " " + r.getAs("period"), r.getAs("stated_value") + nz(r.getAs("stated_unit"), " "),
          "@" + r.getAs("outcome"), cur == null ? "-" : ClaimsCheck.fmt(cur), nz(r.getAs("curated_source"), ""),
          nz(r.getAs("explanation"), "")));
    }
    table("claims", List.of("claim", "economy", "indicator", "period", "stated", "outcome", "curated", "curated source",
        "explanation"), t);
  }
}
