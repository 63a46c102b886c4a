package org.ictbench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.Collectors;
import org.ictbench.core.ReferenceData;
import org.ictbench.core.Table;
import org.ictbench.curate.Catalog;
import org.ictbench.gold.IdiMethodology;
import org.ictbench.gold.PeerGroups;
import org.ictbench.pipeline.TableFingerprints.LogicVersions;
import org.ictbench.testing.TestSpark;
import org.junit.jupiter.api.Test;

/**
 * A derived table is recomputed when its stage's inputs or declared logic version change, and only
 * then: a new build whose changes lie elsewhere (the report, the CLI, another stage downstream)
 * leaves its fingerprint, and so the table, alone. No Spark.
 */
class StageLogicVersionTest {
  private static final ReferenceData REF = ReferenceData.builtIn();
  private static final Set<String> LOG = Set.of("sha-a", "sha-b");
  private static final LogicVersions V1 = new LogicVersions(1, 1, 1);

  private static TableFingerprints fingerprints(PipelineConfig config, Set<String> log, LogicVersions logic) {
    return new TableFingerprints(config, REF, Catalog.load(REF), IdiMethodology.load(REF), PeerGroups.load(REF), log,
        "no-holds", logic);
  }

  private static TableFingerprints fingerprints(LogicVersions logic) {
    return fingerprints(PipelineConfig.builder().build(), LOG, logic);
  }

  private static Set<Table> changed(TableFingerprints a, TableFingerprints b) {
    return a.tables().stream().filter(t -> !a.of(t).equals(b.of(t))).collect(Collectors.toSet());
  }

  private static Set<Table> union(Iterable<Table> a, Iterable<Table> b) {
    Set<Table> s = new HashSet<>();
    a.forEach(s::add);
    b.forEach(s::add);
    return s;
  }

  @Test
  void theSameInputsAndVersionsGiveTheSameFingerprints() {
    assertEquals(Set.of(), changed(fingerprints(V1), fingerprints(new LogicVersions(1, 1, 1))));
    assertEquals(Set.of(), changed(fingerprints(LogicVersions.CURRENT), new TableFingerprints(
        PipelineConfig.builder().build(), REF, Catalog.load(REF), IdiMethodology.load(REF), PeerGroups.load(REF), LOG,
        "no-holds")), "the pipeline's fingerprints are those of the versions the stages declare");
  }

  @Test
  void aNewPeerVersionRecomputesThePeerTablesOnly() {
    assertEquals(Set.copyOf(TableFingerprints.PEER), changed(fingerprints(V1), fingerprints(new LogicVersions(1, 1, 2))));
  }

  @Test
  void aNewIdiVersionRecomputesTheIdiTablesAndThePeerTablesDownstream() {
    assertEquals(union(TableFingerprints.IDI, TableFingerprints.PEER),
        changed(fingerprints(V1), fingerprints(new LogicVersions(1, 2, 1))));
  }

  @Test
  void aNewLatestVersionRecomputesEveryDerivedTableButNoReferenceTable() {
    Set<Table> expected = union(TableFingerprints.IDI, TableFingerprints.PEER);
    expected.add(Table.OBSERVATION_LATEST);
    assertEquals(expected, changed(fingerprints(V1), fingerprints(new LogicVersions(2, 1, 1))));
  }

  @Test
  void newInputsRecomputeEveryDerivedTable() {
    Set<Table> expected = union(TableFingerprints.IDI, TableFingerprints.PEER);
    expected.add(Table.OBSERVATION_LATEST);
    PipelineConfig config = PipelineConfig.builder().build();
    assertEquals(expected, changed(fingerprints(config, LOG, V1), fingerprints(config, Set.of("sha-a", "sha-c"), V1)));
  }

  @Test
  void aPeerOnlyInputLeavesTheUpstreamStagesAlone() {
    PipelineConfig blrChn = PipelineConfig.builder().build();
    PipelineConfig blrKaz = PipelineConfig.builder().pair("BLR", "KAZ").build();
    assertEquals(Set.copyOf(TableFingerprints.PEER), changed(fingerprints(blrChn, LOG, V1), fingerprints(blrKaz, LOG, V1)));
  }

  /**
   * The derived tables' fingerprints from a copy of this build in which something outside the
   * stages changed (the report package): the same as this build's, so the new build recomputes no
   * table. (A fingerprint of the whole build would differ here.)
   */
  @Test
  void aBuildThatChangedOnlyTheReportKeepsEveryFingerprint() throws Exception {
    Path classes = Paths.get(TableFingerprints.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path copy = TestSpark.tempDir("edited-build");
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.toList()) {
        Path to = copy.resolve(classes.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    Files.writeString(copy.resolve("org/ictbench/report/AnEditToTheReport.txt"), "not part of any stage\n");
    assertEquals(fingerprintsIn(classes), fingerprintsIn(copy));
  }

  /** Every table's fingerprint (built-in reference, {@link #LOG}) computed by the ictbench classes in {@code build}. */
  private static Map<String, String> fingerprintsIn(Path build) throws Exception {
    List<URL> urls = new ArrayList<>(List.of(build.toUri().toURL()));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Paths.get(entry).toAbsolutePath();
      if (!p.endsWith("classes") && !p.endsWith("test-classes")) {
        urls.add(p.toUri().toURL());
      }
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> configType = loader.loadClass(PipelineConfig.class.getName());
      Object builder = configType.getMethod("builder").invoke(null);
      Object config = builder.getClass().getMethod("build").invoke(builder);
      Class<?> refType = loader.loadClass(ReferenceData.class.getName());
      Object ref = refType.getMethod("builtIn").invoke(null);
      Class<?> catalogType = loader.loadClass(Catalog.class.getName());
      Class<?> methodologyType = loader.loadClass(IdiMethodology.class.getName());
      Class<?> groupsType = loader.loadClass(PeerGroups.class.getName());
      Class<?> fpType = loader.loadClass(TableFingerprints.class.getName());
      Constructor<?> make = fpType.getDeclaredConstructor(configType, refType, catalogType, methodologyType, groupsType,
          Set.class, String.class);
      make.setAccessible(true);
      Object fps = make.newInstance(config, ref, catalogType.getMethod("load", refType).invoke(null, ref),
          methodologyType.getMethod("load", refType).invoke(null, ref), groupsType.getMethod("load", refType).invoke(null, ref),
          LOG, "no-holds");
      Class<?> tableType = loader.loadClass(Table.class.getName());
      Method of = fpType.getDeclaredMethod("of", tableType);
      of.setAccessible(true);
      Map<String, String> out = new TreeMap<>();
      for (Table t : TableFingerprints.IDI) {
        out.put(t.name(), (String) of.invoke(fps, tableType.getField(t.name()).get(null)));
      }
      for (Table t : union(TableFingerprints.PEER, List.of(Table.OBSERVATION_LATEST))) {
        out.put(t.name(), (String) of.invoke(fps, tableType.getField(t.name()).get(null)));
      }
      return out;
    }
  }
}
