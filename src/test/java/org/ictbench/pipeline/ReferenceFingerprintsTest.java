package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.gold.PeerGroups;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * Changing reference data changes the fingerprints of exactly the tables derived from it, so the next
 * run recomputes those and leaves the others alone. No Spark.
 */
class ReferenceFingerprintsTest {
  private static final PipelineConfig CONFIG = PipelineConfig.builder().build();
  private static final Set<String> LOG = Set.of("a", "b");

  private static TableFingerprints fingerprints(ReferenceData ref) {
    return new TableFingerprints(CONFIG, ref, Catalog.load(ref), IdiMethodology.load(ref), PeerGroups.load(ref), LOG, "no-holds");
  }

  private static ReferenceData folder(String path, String content) throws IOException {
    Path dir = TestSpark.tempDir("ref-fp");
    Files.createDirectories(dir.resolve(path).getParent());
    Files.writeString(dir.resolve(path), content);
    return ReferenceData.load(new Configuration(), dir.toString());
  }

  /** The tables whose fingerprint differs between {@code a} and {@code b}. */
  private static Set<Table> changed(TableFingerprints a, TableFingerprints b) {
    return a.tables().stream().filter(t -> !a.of(t).equals(b.of(t))).collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void theSameReferenceGivesTheSameFingerprints() {
    assertEquals(Set.of(), changed(fingerprints(ReferenceData.builtIn()), fingerprints(ReferenceData.builtIn())));
  }

  @Test
  void aNewEconomyChangesSilverCountryOnly() throws IOException {
    ReferenceData ref = folder("reference/country.extra.csv", "iso3,iso2,m49,name_en,name_ru,name_zh,official_name_en,"
        + "un_region,un_subregion,iso_status,note\nXXA,,,Atlantis,,,,,,user_assigned,test\n");
    assertEquals(Set.of(Table.COUNTRY), changed(fingerprints(ReferenceData.builtIn()), fingerprints(ref)));
  }

  @Test
  void aCatalogChangeRecomputesTheCatalogTablesAndEverythingDerived() throws IOException {
    ReferenceData ref = folder("catalog/indicator.extra.csv",
        "indicator_id,name,unit,min_value,max_value,idi_code,description,better\nmy_pct,Mine,%,0,100,,,higher\n");
    Set<Table> changed = changed(fingerprints(ReferenceData.builtIn()), fingerprints(ref));
    assertEquals(true, changed.containsAll(List.of(Table.INDICATOR, Table.REASON_CODE, Table.OBSERVATION_LATEST)));
    assertEquals(true, changed.containsAll(TableFingerprints.IDI) && changed.containsAll(TableFingerprints.PEER));
    assertEquals(false, changed.contains(Table.COUNTRY) || changed.contains(Table.IDI_GOALPOST));
  }

  @Test
  void aMethodologyChangeRecomputesTheIdiAndPeerTablesNotTheCatalog() throws IOException {
    ReferenceData ref = folder("idi/editions.extra.csv", "edition,methodology,reference_year,fallback_year,"
        + "min_official_indicators,carry_forward_max_years,nowcast,published,source\n2027,IDI2023,2025,2024,5,5,true,,ours\n");
    Set<Table> changed = changed(fingerprints(ReferenceData.builtIn()), fingerprints(ref));
    Set<Table> expected = new java.util.HashSet<>(TableFingerprints.IDI);
    expected.addAll(TableFingerprints.PEER);
    expected.add(Table.IDI_GOALPOST);
    assertEquals(expected, changed);
  }

  @Test
  void aPeerGroupChangeRecomputesThePeerTablesOnly() throws IOException {
    ReferenceData ref = folder("groups/membership.extra.csv",
        "group_id,group_name,iso3,membership_status,joined,left,source_url,source_note\nEAEU,Eurasian Economic Union,"
            + "UZB,observer,2020-12-11,,,test\n");
    assertEquals(Set.copyOf(TableFingerprints.PEER), changed(fingerprints(ReferenceData.builtIn()), fingerprints(ref)));
    assertNotEquals(PeerGroups.builtIn().fingerprint(), PeerGroups.load(ref).fingerprint());
  }
}
