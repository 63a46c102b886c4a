package org.ictbench.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.gold.PeerGroups;
import org.ictbench.curate.Catalog;
import org.ictbench.curate.CountryResolver;
import org.ictbench.curate.Resolution;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * {@code --reference DIR}: the built-in reference tables replaced or extended from a folder, checked by the
 * same rules, with errors that name the file, the line and the rule. No Spark.
 */
class ReferenceDataTest {
  private static final Configuration HADOOP = new Configuration();

  private static Path folder(String... pathsAndContents) throws IOException {
    Path dir = TestSpark.tempDir("reference");
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      Path f = dir.resolve(pathsAndContents[i]);
      Files.createDirectories(f.getParent());
      Files.writeString(f, pathsAndContents[i + 1]);
    }
    return dir;
  }

  private static ReferenceData load(Path dir) {
    return ReferenceData.load(HADOOP, dir.toString());
  }

  @Test
  void noFolderMeansTheBuiltInTables() {
    assertSame(ReferenceData.builtIn(), ReferenceData.load(HADOOP, null));
    assertSame(ReferenceData.builtIn(), ReferenceData.load(HADOOP, " "));
    for (String t : ReferenceData.TABLES) {
      assertEquals(ResourceTable.load(t).sha256(), ReferenceData.builtIn().table(t).sha256(), t);
    }
  }

  @Test
  void anExtraFileAddsAliasesWithoutARebuild() throws IOException {
    Path dir = folder("reference/country_alias.extra.csv",
        "alias,kind,iso3,scope,origin\nByelorussian SSR,name,BLR,*,my notes\nBSSR,code,BLR,ITU,my notes\n",
        "README.md", "ignored: not a CSV");
    ReferenceData ref = load(dir);
    CountryResolver extended = CountryResolver.load(ref);
    assertEquals(Resolution.Status.UNKNOWN, CountryResolver.load().resolve("WB", null, "Byelorussian SSR").status());
    assertEquals("BLR", extended.resolve("WB", null, "Byelorussian SSR").iso3());
    assertEquals("BLR", extended.resolve("ITU", "BSSR", null).iso3()); // a scoped code alias
    assertEquals(Resolution.Status.UNKNOWN, extended.resolve("WB", "BSSR", null).status()); // only for its publisher
    // the built-in rows are all still there, and the checksum covers the added file
    ResourceTable t = ref.table("reference/country_alias.csv");
    assertEquals(ResourceTable.load("reference/country_alias.csv").rows().size() + 2, t.rows().size());
    assertNotEquals(ResourceTable.load("reference/country_alias.csv").sha256(), t.sha256());
    assertTrue(ref.describe().contains("extended [reference/country_alias.csv]"), ref.describe());
  }

  @Test
  void aSameNamedFileReplacesTheTable() throws IOException {
    String sources = "source_id,publisher,precedence,description\nWB_WDI,WB,1,mine first\nITU_DATAHUB,ITU,2,x\n"
        + "ITU_IDI_ANNEX,ITU,3,x\nOWID,OWID,4,x\nITU_WTI_XLS,ITU,5,x\nITU_CORE_HH,ITU,6,x\nITU_AGGREGATES,ITU,7,x\n"
        + "WB_OGHIST,WB,8,x\nPEER_GROUPS,REF,9,x\nUNSD_M49,UNSD,10,x\nCOUNTRY_CODES,REF,11,x\n";
    ReferenceData ref = load(folder("catalog/source.csv", sources));
    assertEquals(11, ref.table("catalog/source.csv").rows().size());
    assertEquals("WB_WDI", ref.table("catalog/source.csv").rows().get(0).get("source_id"));
    assertNotEquals(Catalog.load().fingerprint(), Catalog.load(ref).fingerprint());
    // the same content as the built-in table is the same table: same fingerprint, nothing to recompute
    String builtIn = new String(ResourceTable.class.getClassLoader()
        .getResourceAsStream("ictbench/catalog/source.csv").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(Catalog.load().fingerprint(), Catalog.load(load(folder("catalog/source.csv", builtIn))).fingerprint());
  }

  @Test
  void peerGroupsAndTheMethodologyCanBeExtendedToo() throws IOException {
    ReferenceData ref = load(folder(
        "groups/group.extra.csv", "group_id,group_name,kind,selector,counted_statuses,description,source\n"
            + "MY_PEERS,My peers,listed,,,Our benchmark set,us\n",
        "groups/membership.extra.csv", "group_id,group_name,iso3,membership_status,joined,left,source_url,source_note\n"
            + "MY_PEERS,My peers,BLR,member,2010,,,\nMY_PEERS,My peers,KAZ,member,2010,,,\n",
        "idi/editions.extra.csv", "edition,methodology,reference_year,fallback_year,min_official_indicators,"
            + "carry_forward_max_years,nowcast,published,source\n2027,IDI2023,2025,2024,5,5,true,,ours\n"));
    PeerGroups groups = PeerGroups.load(ref);
    assertTrue(groups.groups().stream().anyMatch(g -> g.id().equals("MY_PEERS")));
    assertEquals(2, groups.memberships().stream().filter(m -> m.groupId().equals("MY_PEERS")).count());
    assertNotEquals(PeerGroups.builtIn().fingerprint(), groups.fingerprint());
    IdiMethodology m = IdiMethodology.load(ref);
    assertEquals(2025, m.edition(2027).orElseThrow().referenceYear());
    assertNotEquals(IdiMethodology.load().fingerprint(), m.fingerprint());
  }

  @Test
  void aRowThatBreaksARuleIsNamedByFileLineAndRule() throws IOException {
    // line 2 holds a quoted cell over two lines, so the bad row starts on line 4 of the file
    Path dir = folder("reference/country_alias.extra.csv",
        "alias,kind,iso3,scope,origin\n\"Belarus\",name,BLR,*,\"two\nlines\"\nNowhere Land,name,XYZ,*,typo\n");
    IctbenchException e = assertThrows(IctbenchException.class, () -> CountryResolver.load(load(dir)));
    assertEquals(4, e.exitCode());
    assertEquals(IctbenchException.Code.REFERENCE_INVALID, e.code());
    String file = dir.resolve("reference/country_alias.extra.csv").toUri().getPath();
    assertTrue(e.getMessage().contains(file) && e.getMessage().contains("line 4"), e.getMessage());
    assertTrue(e.getMessage().contains("iso3 XYZ is not an economy of reference/country.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("--reference"), e.getMessage()); // what to do: fix the file and rerun
  }

  @Test
  void theCatalogsRulesApplyToAnExtendedCatalog() throws IOException {
    IctbenchException dup = assertThrows(IctbenchException.class, () -> Catalog.load(load(folder(
        "catalog/indicator.extra.csv", "indicator_id,name,unit,min_value,max_value,idi_code,description,better\n"
            + "internet_users_pct,Again,%,0,100,,,higher\n"))));
    assertTrue(dup.getMessage().contains("line 2") && dup.getMessage().contains("duplicate indicator_id"),
        dup.getMessage());
    IctbenchException code = assertThrows(IctbenchException.class, () -> Catalog.load(load(folder(
        "catalog/indicator_code.extra.csv", "source_id,publisher_code,indicator_id,publisher_unit_labels,note\n"
            + "ITU_DATAHUB,iNEW,no_such_indicator,%,\n"))));
    assertTrue(code.getMessage().contains("unknown indicator_id no_such_indicator"), code.getMessage());
    IctbenchException range = assertThrows(IctbenchException.class, () -> Catalog.load(load(folder(
        "catalog/indicator.extra.csv", "indicator_id,name,unit,min_value,max_value,idi_code,description,better\n"
            + "my_pct,Mine,%,100,0,,,sideways\n"))));
    assertTrue(range.getMessage().contains("min_value 100.0 is above max_value 0.0"), range.getMessage());
  }

  @Test
  void theMethodologysRulesNameTheLineAndTheExitCodeIsFour() throws IOException {
    Path dir = folder("idi/goalposts.extra.csv",
        "methodology,indicator_id,pillar,component,component_weight,threshold,goalpost,transform,source\n"
            + "IDI2030,my_pct,universal,mine,1,zero,100,linear,ours\n");
    IctbenchException e = assertThrows(IctbenchException.class, () -> IdiMethodology.load(load(dir)));
    assertEquals(4, e.exitCode());
    assertTrue(e.getMessage().contains("idi/goalposts.extra.csv line 2")
        && e.getMessage().contains("'zero' is not a number"), e.getMessage());
    // a rule of the methodology itself
    Path weight = folder("idi/goalposts.extra.csv",
        "methodology,indicator_id,pillar,component,component_weight,threshold,goalpost,transform,source\n"
            + "IDI2030,my_pct,universal,mine,1,0,100,linear,ours\nIDI2030,my_pct,universal,mine,1,0,90,linear,again\n");
    IctbenchException twice = assertThrows(IctbenchException.class, () -> IdiMethodology.load(load(weight)));
    assertEquals(IctbenchException.Code.METHODOLOGY_INVALID, twice.code());
    assertTrue(twice.getMessage().contains("line 3") && twice.getMessage().contains("a second row for my_pct"),
        twice.getMessage());
  }

  @Test
  void aCsvThatNamesNoTableIsAnErrorNotIgnored() throws IOException {
    Path dir = folder("reference/country_aliases.extra.csv", "alias,kind,iso3,scope,origin\n");
    IctbenchException e = assertThrows(IctbenchException.class, () -> load(dir));
    assertEquals(4, e.exitCode());
    assertTrue(e.getMessage().contains("reference/country_aliases.extra.csv")
        && e.getMessage().contains("reference/country_alias.csv"), e.getMessage());
  }

  @Test
  void anExtraFileHasOnlyTheTablesColumnsAndEveryRequiredOne() throws IOException {
    Path unknown = folder("groups/membership.extra.csv", "group_id,group_name,iso3,member_status\nMY,Mine,BLR,member\n");
    IctbenchException e = assertThrows(IctbenchException.class, () -> PeerGroups.load(load(unknown)));
    assertEquals(4, e.exitCode());
    assertTrue(e.getMessage().contains("membership.extra.csv line 1") && e.getMessage().contains("[member_status]")
        && e.getMessage().contains("not among the table's"), e.getMessage());

    Path missing = folder("groups/membership.extra.csv", "group_id,iso3\nEAEU,BLR\n");
    IctbenchException m = assertThrows(IctbenchException.class, () -> PeerGroups.load(load(missing)));
    assertEquals(4, m.exitCode());
    assertTrue(m.getMessage().contains("membership.extra.csv line 2") && m.getMessage().contains("'group_name' is empty"),
        m.getMessage());
  }

  @Test
  void anExtraFileMayLeaveOutAnOptionalColumn() throws IOException {
    // written for a release whose imputation_models.csv had no max_gap_years column, the note left out too
    Path dir = folder("idi/imputation_models.extra.csv", "methodology,indicator_id,model,predictors\n"
        + "IDI2023,internet_users_pct,related,mobile_broadband_subs_per100\n");
    IdiMethodology m = IdiMethodology.load(load(dir));
    IdiMethodology.ModelCandidate added = m.modelCandidates("IDI2023").stream()
        .filter(c -> c.indicator().equals("internet_users_pct") && c.model().equals("related")
            && c.predictors().equals(java.util.List.of("mobile_broadband_subs_per100")))
        .findFirst().orElseThrow();
    assertNull(added.maxGapYears());
    assertEquals("related(mobile_broadband_subs_per100)", added.name());
  }

  @Test
  void aMissingFolderIsAnInputError() {
    IctbenchException e = assertThrows(IctbenchException.class,
        () -> ReferenceData.load(HADOOP, "/no/such/reference/folder"));
    assertEquals(3, e.exitCode());
    assertNull(ReferenceData.builtIn().folder());
  }
}
