package org.ictbench.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;
import org.ictbench.core.Errors;
import org.ictbench.core.ExitCodes;
import org.ictbench.core.Lakehouse;
import org.ictbench.pipeline.PipelineConfig;
import org.ictbench.report.Report;
import org.ictbench.report.ReportData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobs/report.sh}: the self-contained HTML report on a pair of economies. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write a self-contained HTML report (one index.html with inline SVG charts and their CSV numbers,"
        + " no network references) on a"
        + " pair of economies: IDI and pillars by edition, normalized components, indicators against peer-group"
        + " medians, position within groups, and the claims check.")
final class ReportCommand implements Callable<Integer> {
  @Mixin
  SparkOptions spark;

  @Option(names = "--pair", paramLabel = "A,B", defaultValue = PipelineConfig.DEFAULT_PAIR,
      converter = EconomyPair.Converter.class, description = "The two economies (ISO alpha-3). Default: ${DEFAULT-VALUE}.")
  EconomyPair pair;

  @Option(names = "--groups", paramLabel = "G1,G2", description = "Peer groups to draw (e.g. EAEU,CIS). Default: every"
      + " group either economy belongs to in gold.peer_position (none when the peer tables are absent).")
  String groups;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Output folder (index.html). Default in jobs/*.sh: the source tree's target/report;"
          + " required elsewhere.")
  String out;

  @Option(names = "--claims", paramLabel = "FILE",
      description = "Claims file for the claims table; 'none' to leave it out. Default in jobs/*.sh: the bundled"
          + " claims file in data/raw/claims/; none elsewhere.")
  String claims;

  @Mixin
  ResultOption result;

  @Override
  public Integer call() throws Exception {
    return result.run("report", (json, human) -> write(json, human));
  }

  private int write(ObjectNode json, PrintStream human) {
    Path outDir = Paths.get(JobPaths.orHome(out, "--out", "target/report", spark.master)).toAbsolutePath().normalize();
    String claimsDefault = System.getenv(JobPaths.HOME_ENV) == null ? null
        : Paths.get(System.getenv(JobPaths.HOME_ENV), "data/raw/claims/belarus_china_digital_cooperation_2025.csv")
            .toString();
    String claimsGiven = claims != null ? claims : claimsDefault;
    String claimsFile = claimsGiven == null || claimsGiven.equalsIgnoreCase("none") ? null : claimsGiven;
    if (claimsFile != null && !claimsFile.contains(":") && !Files.exists(Paths.get(claimsFile))) {
      throw Errors.inputNotFound("Claims file", claimsFile);
    }
    return spark.withSession("ictbench-report", session -> {
      ReportData data = ReportData.load(new Lakehouse(session, spark.curated()), claimsFile);
      Report.Result r = Report.write(data, new Report.Config(pair.a(), pair.b(), Report.parseGroups(groups), outDir));
      human.println("report: " + r.html() + " (" + r.charts().size() + " charts inline, " + r.bytes() + " bytes)");
      json.put("curated", spark.curated());
      json.put("pair", pair.toString());
      json.put("html", r.html().toString());
      json.put("charts", r.charts().size());
      json.put("bytes", r.bytes());
      return ExitCodes.OK;
    });
  }
}
