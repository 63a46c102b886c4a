package org.ictbench.curate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The resolver over the shipped reference tables: codes, names in three languages, publisher variants. */
class CountryResolverTest {
  private final CountryResolver resolver = CountryResolver.load();

  private String iso3(String publisher, String code, String name) {
    Resolution r = resolver.resolve(publisher, code, name);
    assertEquals(Resolution.Status.COUNTRY, r.status(), publisher + " " + code + " " + name + " → " + r);
    return r.iso3();
  }

  @Test
  void codesFirst() {
    assertEquals("BLR", iso3("ITU", "BLR", "whatever"));
    assertEquals("NAM", iso3("WB", "NA", null)); // Namibia's ISO alpha-2 is "NA", not a missing value
    assertEquals("BLR", iso3("WB", "112", null)); // M49
    assertEquals("XKX", iso3("ITU", "KSO", "Kosovo"));
    assertEquals("XKX", iso3("OWID", "OWID_KOS", "Kosovo"));
    assertEquals("GGY", iso3("ITU", "AAA", "Guernsey"));
    assertEquals("JEY", iso3("ITU", "GBJ", "Jersey"));
  }

  @Test
  void namesInEnglishRussianChineseAndPublisherVariants() {
    assertEquals("BLR", iso3("ITU", null, "Беларусь"));
    assertEquals("BLR", iso3("ITU", null, "白俄罗斯"));
    assertEquals("CHN", iso3("ITU", null, "中国"));
    assertEquals("CHN", iso3("ITU", null, "Китай"));
    assertEquals("CIV", iso3("WB", null, "Côte d'Ivoire"));
    assertEquals("CIV", iso3("WB", null, "Cote d’Ivoire"));
    assertEquals("VIR", iso3("ITU", null, "Virgin Islands (US)"));
    assertEquals("VAT", iso3("ITU", null, "Vatican"));
    assertEquals("VIR", iso3("OWID", null, "United States of America Virgin Islands"));
  }

  @Test
  void ambiguousNamesNameTheirCandidatesAndNeverGuess() {
    Resolution korea = resolver.resolve("ITU", null, "Korea");
    assertEquals(Resolution.Status.AMBIGUOUS, korea.status());
    assertEquals(List.of("KOR", "PRK"), korea.candidates());
    assertEquals(List.of("COD", "COG"), resolver.resolve("WB", "", "Congo").candidates());
    assertEquals(Resolution.Status.AMBIGUOUS, resolver.resolve("ITU", null, "Republic of China").status());
    // a publisher-scoped alias settles what that publisher means
    assertEquals("COG", iso3("OWID", null, "Congo"));
  }

  @Test
  void aggregatesAreRecognisedNotErrors() {
    assertEquals(Resolution.Status.AGGREGATE, resolver.resolve("WB", "WLD", "World").status());
    assertEquals(Resolution.Status.AGGREGATE, resolver.resolve("WB", "ECS", "Europe & Central Asia").status());
    assertEquals(Resolution.Status.AGGREGATE, resolver.resolve("OWID", "", "High income").status());
    assertEquals(Resolution.Status.UNKNOWN, resolver.resolve("ITU", "ZZZ", "Atlantis").status());
  }

  @Test
  void normalizationKeepsCyrillicLettersAndDropsFootnotes() {
    assertEquals("беларусь", NameNormalizer.normalize("  Беларусь* "));
    assertEquals("china", NameNormalizer.normalize("China 27"));
    assertEquals("cote d'ivoire", NameNormalizer.normalize("Côte d’Ivoire"));
    assertEquals("й", NameNormalizer.normalize("Й"));
  }
}
