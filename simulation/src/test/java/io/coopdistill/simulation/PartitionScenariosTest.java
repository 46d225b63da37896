package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.simulation.run.Json;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Scenarios;
import io.coopdistill.simulation.scenario.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scenario.partition through the command line: generated data among 20 agents, FashionMNIST's
 * training pool, a user's one file split into sites; the class counts in results.json and their
 * chart; a bad partition refused before anything is written.
 */
class PartitionScenariosTest {
  @TempDir Path temp;

  private static final String SAMPLE =
      "coopdistill.data.fashion-mnist-dir="
          + Path.of(ConfigFactory.load().getString("coopdistill.data.dir"), "fashion-mnist-sample");

  private static JsonNode run(Path out, String scenario, String... sets) {
    Cli cli =
        Cli.run(List.of("run", scenario, "--out", out.toString(), "--no-progress"), List.of(sets));
    assertEquals(0, cli.status(), cli.err());
    return Json.read(out.resolve("results.json"));
  }

  private static int[] counts(JsonNode classCounts, String site, long seed) {
    JsonNode n = classCounts.get(site).get(Long.toString(seed));
    return Json.matrix(Json.MAPPER.createArrayNode().add(n))[0];
  }

  @Test
  void quickstartSplitsItsPoolAmongTwentyAgentsByDirichlet() {
    Path out = temp.resolve("dirichlet");
    JsonNode r =
        run(
            out,
            "quickstart",
            "scenario.agents=20",
            "scenario.rows-per-agent=100",
            "scenario.test-rows=500",
            "scenario.seeds=2",
            "scenario.partition.type=dirichlet",
            "scenario.partition.alpha=0.3",
            "scenario.methods=[baseline, cooperative]",
            "coopdistill.simulation.illustration.rows-per-pair=0");
    assertEquals(
        "dirichlet", r.get("config").get("scenario").get("partition").get("type").asText());
    assertEquals(20, r.get("agents").size());
    assertTrue(
        r.get("methods").get("cooperative").has("accuracy"),
        "cooperative distillation ran among the 20");
    JsonNode sites = r.get("sites");
    assertEquals(10, sites.get("classes").size());
    JsonNode classCounts = sites.get("class_counts");
    assertEquals(20, classCounts.size());
    Set<String> mixes = new HashSet<>();
    for (long seed : new long[] {0, 1}) {
      int total = 0;
      for (JsonNode agent : r.get("agents")) {
        int[] n = counts(classCounts, agent.asText(), seed);
        assertTrue(Arrays.stream(n).sum() >= 10, "min-rows: " + Arrays.toString(n));
        total += Arrays.stream(n).sum();
        mixes.add(Arrays.toString(n));
      }
      assertEquals(2000, total, "every row of the pool at exactly one agent, seed " + seed);
    }
    assertEquals(40, mixes.size(), "every agent of every seed has a mix of its own");
    assertTrue(Files.isRegularFile(out.resolve("site-classes.png")));
    assertTrue(
        Cli.run("report", out.toString()).status() == 0
            && Files.isRegularFile(out.resolve("site-classes.png")));
  }

  @Test
  void fashionMnistSplitsItsTrainingPoolIntoShards() {
    Trial trial =
        Scenarios.create(
                ScenarioConfig.load(
                    "fashion-mnist-ten",
                    List.of(
                        SAMPLE,
                        "scenario.scale=quick",
                        "scenario.test-rows=300",
                        "scenario.rows-per-agent=500",
                        "scenario.partition.type=shards",
                        "scenario.partition.classes-per-site=3")))
            .trial(2);
    assertEquals(10, trial.sites().size());
    for (Site site : trial.sites()) {
      assertEquals(
          3,
          Arrays.stream(site.data().classCounts()).filter(n -> n > 0).count(),
          site.data().toString());
    }
    assertEquals(
        5000,
        trial.sites().stream().mapToInt(s -> s.data().size()).sum(),
        "10 agents x 500 rows of the 6,000 split");
    assertEquals(300, trial.test().size(), "the test set is not split");
  }

  @Test
  void oneFileSplitIntoSitesRuns() throws IOException {
    Path study = temp.resolve("study");
    Files.createDirectories(study);
    List<String> lines = new ArrayList<>(List.of("x,z,y"));
    for (int i = 0; i < 300; i++) {
      double x = (i * 7 % 300) / 300.0;
      double z = (i * 13 % 300) / 300.0;
      lines.add(x + "," + z + "," + (x + z < 0.7 ? "low" : x + z < 1.3 ? "mid" : "high"));
    }
    Files.write(study.resolve("all.csv"), lines);
    Path file =
        Files.writeString(
            study.resolve("split.conf"),
            """
        scenario {
          data = table
          table { split { file = "all.csv", sites = 4 }, label = y }
          partition { type = dirichlet, alpha = 1.0 }
          learner { type = cart, max-depth = 3 }
          methods = [baseline, cooperative]
          seeds = 1
        }
        """);
    JsonNode r =
        run(
            temp.resolve("run"),
            file.toString(),
            "coopdistill.simulation.illustration.rows-per-pair=0");
    assertEquals("[\"site-0\",\"site-1\",\"site-2\",\"site-3\"]", r.get("agents").toString());
    assertEquals(1, r.get("provenance").get("data_sha256").size(), "the one file, once");
    JsonNode classCounts = r.get("sites").get("class_counts");
    int total = 0;
    for (JsonNode site : r.get("agents"))
      total += Arrays.stream(counts(classCounts, site.asText(), 0)).sum();
    assertEquals(240, total, "the 300 rows less the stratified fifth held out as the test set");
  }

  private void assertRefused(String expected, String scenario, String... sets) {
    assertRefused(Main.BAD_INPUT, expected, scenario, sets);
  }

  private void assertRefused(int status, String expected, String scenario, String... sets) {
    Path out = temp.resolve("refused");
    Cli cli =
        Cli.run(List.of("run", scenario, "--out", out.toString(), "--no-progress"), List.of(sets));
    assertEquals(status, cli.status(), cli.err());
    assertTrue(cli.err().contains(expected), "expected '" + expected + "' in: " + cli.err());
    assertFalse(Files.exists(out), "nothing is written for a refused run");
  }

  @Test
  void aBadPartitionIsRefusedBeforeAnythingIsWritten() {
    assertRefused(
        "scenario.partition.type must be one of [undersample, iid, dirichlet, shards, quantity-skew], got 'skewed'",
        "quickstart",
        "scenario.partition.type=skewed");
    assertRefused(
        "scenario.partition.alpha must be > 0, got -1.0",
        "quickstart",
        "scenario.partition.type=dirichlet",
        "scenario.partition.alpha=-1");
    assertRefused(
        "--set scenario.partition.type: unknown key",
        "heart-disease-trees",
        "scenario.partition.type=iid");
    assertRefused(
        "scenario.learners entry mlp sets rows or undersampled-class, which only scenario.partition.type = undersample reads",
        "cross-architecture",
        SAMPLE,
        "scenario.partition.type=iid");
    assertRefused(
        "10 agents of scenario.rows-per-agent = 2000 rows need 20000 rows, but the pool has 6000",
        "fashion-mnist-ten",
        SAMPLE,
        "scenario.scale=quick",
        "scenario.test-rows=300",
        "scenario.partition.type=iid");
    // A site of one class cannot train: named, with its seed.
    assertRefused(
        Main.NO_DATA,
        "site agent-0 (seed 0) cannot train on agent-0",
        "quickstart",
        "scenario.partition.type=shards",
        "scenario.partition.classes-per-site=1");
  }

  @Test
  void thePapersScenariosKeepTheirSitesAndOnlyPoolScenariosHaveAPartition() {
    assertEquals(
        "undersample",
        ScenarioConfig.load("quickstart", List.of()).scenario().getString("partition.type"));
    assertEquals(
        "undersample",
        ScenarioConfig.load("fashion-mnist-ten", List.of()).scenario().getString("partition.type"));
    assertFalse(
        ScenarioConfig.load("heart-disease-trees", List.of()).scenario().hasPath("partition"));
    assertFalse(
        ScenarioConfig.load("german-credit-overlap", List.of()).scenario().hasPath("partition"));
  }
}
