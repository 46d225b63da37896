package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.simulation.scenario.ModelCheckpoints;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Scenarios;
import io.coopdistill.simulation.scenario.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Every scenario at its smallest scale through the command line: every section of results.json,
 * results.md and the charts; the quickstart's gain; resuming after a kill.
 */
class ScenarioRunsTest {
  @TempDir Path temp;

  private static JsonNode run(Path dir, String scenario, String... sets) throws IOException {
    List<String> args =
        new ArrayList<>(List.of("run", scenario, "--out", dir.toString(), "--no-progress"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    Cli cli = Cli.run(args.toArray(String[]::new));
    assertEquals(0, cli.status(), cli.err());
    assertTrue(cli.out().contains("median accuracy"), "the summary table is printed: " + cli.out());
    return new ObjectMapper().readTree(dir.resolve("results.json").toFile());
  }

  private static final Config CONFIG = ConfigFactory.load();
  private static final Path ROOT =
      Path.of(CONFIG.getString("coopdistill.root")).toAbsolutePath().normalize();

  /**
   * A results.json or run.json names no path of the machine that wrote it: nothing under the
   * checkout, and no existing file or directory by absolute path except the configured full
   * FashionMNIST set (a package location, by default /usr/share/datasets/fashion-mnist, the same on
   * every machine that has it).
   */
  private static void assertNoMachinePath(Path file) throws IOException {
    String text = Files.readString(file);
    assertFalse(text.contains(ROOT.toString()), file + " names the checkout " + ROOT);
    List<String> absolute = new ArrayList<>();
    collectTexts(new ObjectMapper().readTree(file.toFile()), absolute);
    absolute.removeIf(
        s ->
            !(s.startsWith("/") && Files.exists(Path.of(s)))
                || s.equals(CONFIG.getString("coopdistill.data.fashion-mnist-dir")));
    assertEquals(List.of(), absolute, file + " names paths of this machine");
  }

  private static void collectTexts(JsonNode node, List<String> texts) {
    if (node.isTextual()) texts.add(node.asText());
    node.forEach(child -> collectTexts(child, texts));
  }

  private static void assertComplete(Path dir, JsonNode r, List<String> methods, boolean tabular)
      throws IOException {
    for (String section :
        List.of("scenario", "config", "provenance", "methods", "counterfactuals", "phases")) {
      assertTrue(r.has(section), "results.json lacks " + section);
    }
    for (String key :
        List.of("version", "git_commit", "seeds", "java", "start_time", "duration_seconds")) {
      assertTrue(r.get("provenance").has(key), "provenance lacks " + key);
    }
    int agents = r.get("agents").size();
    for (String m : methods) {
      JsonNode method = r.get("methods").get(m);
      assertTrue(
          method != null && method.has("accuracy") && method.get("median").has("over_agents"),
          m + ": " + method);
      for (JsonNode perSeed : method.get("accuracy")) {
        assertEquals(r.get("provenance").get("seeds").size(), perSeed.size());
        perSeed.forEach(a -> assertTrue(a.asDouble() >= 0 && a.asDouble() <= 1));
      }
      assertTrue(
          method.get("balanced_accuracy").get("median").has("over_agents"),
          m + " has balanced accuracy: " + method);
      if (m.equals("baseline")) continue;
      JsonNode paired = method.get("paired_vs_baseline");
      int pairs = agents * r.get("provenance").get("seeds").size();
      assertEquals(pairs, paired.get("pairs").asInt(), m + ": every (agent, seed) is a pair");
      assertEquals(
          pairs,
          paired.get("wins").asInt() + paired.get("ties").asInt() + paired.get("losses").asInt());
      assertTrue(
          paired.get("ci95").get(0).asDouble() <= paired.get("mean_gain").asDouble()
              && paired.get("mean_gain").asDouble() <= paired.get("ci95").get(1).asDouble(),
          m + ": " + paired);
      assertTrue(paired.has("wilcoxon_p") && paired.has("wilcoxon_method"));
    }
    JsonNode cf = r.get("counterfactuals");
    assertEquals(agents, cf.get("generated").size());
    assertEquals(agents, cf.get("kept").get(0).size());
    assertTrue(cf.has("success_ratio"));
    assertTrue(r.get("phases").get("cooperative").has("counterfactuals"));
    JsonNode privacy = r.get("privacy").get("cooperative");
    assertEquals(agents, privacy.get("sites").size());
    for (JsonNode figures :
        List.of(
            privacy,
            privacy.get("by_seed").get(0),
            privacy.get("by_seed").get(0).get("sites").get(0))) {
      assertTrue(
          figures.has("near_copy_rate") && figures.get("dcr").has("p01"), figures.toString());
      // Members are the rows behind what was sent: none when nothing was (the smallest scales), and
      // no AUC.
      double auc = figures.get("membership").get("auc").asDouble();
      boolean sent = figures.get("sent").asDouble() > 0;
      assertTrue(
          (sent ? auc >= 0 && auc <= 1 : Double.isNaN(auc))
              && figures.get("membership").get("auc_ci95").size() == 2,
          figures.toString());
      double everyRow = figures.get("membership_all_rows").get("auc").asDouble();
      assertTrue(everyRow >= 0 && everyRow <= 1, figures.toString());
      assertTrue(figures.get("membership").has("tpr_at_1pct_fpr"), figures.toString());
      for (String attack :
          List.of(
              "/membership_all_rows",
              "/controls/source-rows",
              "/controls/random-5pct",
              "/snapshot/membership",
              "/snapshot/membership_all_rows",
              "/attacks/output_space/membership",
              "/attacks/output_space/controls/source-rows",
              "/attacks/anchor_inversion/membership",
              "/attacks/anchor_inversion/controls/source-rows")) {
        assertTrue(
            figures.at(attack).has("auc") && figures.at(attack).has("tpr_at_1pct_fpr"),
            attack + ": " + figures);
      }
      assertTrue(figures.has("insensitive"), figures.toString());
      // The likelihood-ratio attack: shadow models on the tabular scenarios, none on
      // FashionMNIST's.
      assertEquals(tabular, figures.has("lira"), figures.toString());
      for (String attack :
          List.of("/membership", "/controls/source-rows", "/snapshot/membership_all_rows")) {
        if (tabular) assertTrue(figures.at("/lira" + attack).has("auc"), attack + ": " + figures);
      }
    }
    JsonNode allRows = privacy.get("membership_all_rows");
    assertTrue(allRows.has("worst_seed") && allRows.has("worst_site"), privacy.toString());
    assertTrue(privacy.get("sites").get(0).has("r_s"));
    assertTrue(Files.isRegularFile(dir.resolve("results.md")));
    assertTrue(
        Files.readString(dir.resolve("results.md")).contains("## Privacy audit"),
        "results.md has the privacy table");
    assertEquals(
        tabular,
        Files.readString(dir.resolve("results.md")).contains("**Likelihood-ratio attack**"),
        "results.md has the likelihood-ratio table where the audit made the attack");
    assertTrue(
        Files.readString(dir.resolve("results.md")).contains("| pooled | output_space |"),
        "results.md has the further attacks");
    // Every scenario here has at most 16 agents: each site holds every snapshot, so the
    // selection-matched figures are measured wherever something was sent.
    boolean sent = privacy.at("/membership/seeds").asInt() > 0;
    JsonNode selected = privacy.get("membership_selected");
    assertEquals(sent, selected.get("seeds").asInt() > 0, privacy.toString());
    assertEquals(sent, privacy.at("/snapshot/membership_selected/seeds").asInt() > 0);
    assertEquals(
        sent,
        Files.readString(dir.resolve("results.md")).contains("**Selection-matched.**"),
        "results.md has the selection-matched table where it was measured");
    assertTrue(Files.isRegularFile(dir.resolve("coopdistill.log")));
    for (String png : List.of("accuracy.png", "counterfactuals-heatmap.png"))
      assertTrue(Files.isRegularFile(dir.resolve(png)), png);
    boolean sampled = r.has("illustration") && r.get("illustration").get("pairs").size() > 0;
    assertEquals(
        tabular && sampled,
        Files.isRegularFile(dir.resolve("feature-shift.png")),
        "Fig. 4 for tabular data with a sample");
  }

  @Test
  void quickstartShowsAGainAndResumesToTheSameResults() throws IOException {
    Path full = temp.resolve("full");
    JsonNode r = run(full, "quickstart", "scenario.seeds=3");
    assertComplete(full, r, List.of("baseline", "cooperative", "raw-sharing", "pooled"), true);
    assertNoMachinePath(full.resolve("results.json"));
    assertEquals(0, r.get("provenance").get("data_sha256").size(), "generated data reads no file");
    double baseline = r.get("methods").get("baseline").get("median").get("over_agents").asDouble();
    double cooperative =
        r.get("methods").get("cooperative").get("median").get("over_agents").asDouble();
    double pooled = r.get("methods").get("pooled").get("median").get("over_agents").asDouble();
    assertTrue(
        cooperative > baseline + 0.02,
        "cooperative distillation gains: " + baseline + " -> " + cooperative);
    assertTrue(pooled > cooperative, "pooled data is the topline");
    // The attack flags copies: the controls' in every method's audit, and raw sharing's rows
    // themselves.
    for (String method : List.of("cooperative", "raw-sharing")) {
      JsonNode audit = r.get("privacy").get(method);
      for (String control : List.of("source-rows", "random-5pct")) {
        assertEquals(
            1.0,
            audit.get("controls").get(control).get("tpr_at_1pct_fpr").asDouble(),
            method + ", " + control + ": " + audit);
      }
      assertFalse(audit.get("insensitive").asBoolean(), method + ": " + audit);
    }
    assertEquals(
        1.0,
        r.get("privacy").get("raw-sharing").get("membership").get("tpr_at_1pct_fpr").asDouble(),
        "raw sharing sends copies");
    assertTrue(
        r.get("illustration").get("pairs").size() > 0, "the sample for Figs. 4 and 6 has pairs");
    assertTrue(Files.isRegularFile(full.resolve("tsne.png")));

    // Killed after 6 units (seed 0's four, the illustration, seed 1's first), then the same command
    // again.
    Path resumed = temp.resolve("resumed");
    Cli killed =
        Cli.run(
            "run",
            "quickstart",
            "--set",
            "scenario.seeds=3",
            "--out",
            resumed.toString(),
            "--no-progress",
            "--stop-after",
            "6");
    assertEquals(1, killed.status());
    assertFalse(Files.exists(resumed.resolve("results.json")));
    Path models = resumed.resolve("checkpoints/models");
    assertFalse(Files.exists(models.resolve("seed-0")), "a finished seed's models are deleted");
    try (Stream<Path> kept = Files.list(models.resolve("seed-1"))) {
      assertTrue(kept.count() >= 10, "the unfinished seed keeps its trained models");
    }
    // A look at the unfinished run: the seed every method has finished.
    Cli look = Cli.run("report", resumed.toString());
    assertEquals(0, look.status(), look.err());
    assertTrue(look.out().contains("Unfinished run: the 1 of 3 seeds"), look.out());
    JsonNode partial =
        new ObjectMapper().readTree(resumed.resolve("partial/results.json").toFile());
    assertEquals("[0]", partial.get("provenance").get("seeds").toString());
    assertTrue(Files.readString(resumed.resolve("partial/results.md")).contains("Unfinished run"));
    assertFalse(
        Files.exists(resumed.resolve("results.json")), "results.json still means a finished run");
    // As if the first units had run on an older commit that did not record it per unit. run.json
    // names
    // no path of this checkout (its root is "."), so the run resumes in any checkout.
    Path manifest = resumed.resolve("run.json");
    assertNoMachinePath(manifest);
    assertEquals(
        ".",
        new ObjectMapper()
            .readTree(manifest.toFile())
            .get("config")
            .get("coopdistill")
            .get("root")
            .asText());
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replaceFirst("\"git_commit\" : \"[^\"]*\"", "\"git_commit\" : \"older\""));
    Path firstUnit = resumed.resolve("checkpoints/baseline/seed-0.json");
    ObjectNode checkpoint = (ObjectNode) new ObjectMapper().readTree(firstUnit.toFile());
    assertTrue(checkpoint.hasNonNull("git_commit"), "a unit records the code that ran it");
    checkpoint.remove("git_commit");
    new ObjectMapper().writeValue(firstUnit.toFile(), checkpoint);
    Logger checkpointLog = (Logger) LoggerFactory.getLogger(ModelCheckpoints.class);
    ListAppender<ILoggingEvent> restored = new ListAppender<>();
    restored.start();
    checkpointLog.addAppender(restored);
    checkpointLog.setLevel(Level.INFO);
    JsonNode again;
    try {
      again = run(resumed, "quickstart", "scenario.seeds=3");
    } finally {
      checkpointLog.detachAppender(restored);
      checkpointLog.setLevel(null);
    }
    JsonNode byCommit = again.get("provenance").get("units_by_commit");
    assertEquals("[\"baseline seed 0\"]", byCommit.get("older").toString(), byCommit.toString());
    assertEquals(2, byCommit.size(), "the other units ran on the current code: " + byCommit);
    int units = 0;
    for (JsonNode list : byCommit) units += list.size();
    assertEquals(3 * 4, units, "every unit is attributed to one commit");
    assertTrue(
        Files.readString(resumed.resolve("results.md")).contains("units per commit: "),
        "results.md says the run spans commits");
    assertTrue(
        restored.list.stream()
            .anyMatch(
                e -> e.getFormattedMessage().contains("restored from " + models.resolve("seed-1"))),
        "the resumed seed restores its models: " + restored.list);
    try (Stream<Path> left = Files.list(models)) {
      assertEquals(0, left.count(), "every seed finished, no model is kept");
    }
    for (String section : List.of("methods", "counterfactuals", "illustration")) {
      assertEquals(
          withoutTimings(r.get(section)),
          withoutTimings(again.get(section)),
          section + " differs after resuming");
    }
    String firstAgent = r.get("agents").get(0).asText();
    assertEquals(
        r.get("methods").get("cooperative").get("accuracy").get(firstAgent).get(0),
        partial.get("methods").get("cooperative").get("accuracy").get(firstAgent).get(0),
        "the partial report has seed 0's numbers");
    JsonNode twice = run(resumed, "quickstart", "scenario.seeds=3");
    assertEquals(again, twice, "re-running a finished run changes nothing");

    Path begun = temp.resolve("begun");
    assertEquals(
        1,
        Cli.run(
                "run",
                "quickstart",
                "--out",
                begun.toString(),
                "--no-progress",
                "--stop-after",
                "1")
            .status());
    Cli early = Cli.run("report", begun.toString());
    assertEquals(Main.BAD_INPUT, early.status());
    assertTrue(early.err().contains("no seed has finished yet"), early.err());

    Cli other =
        Cli.run(
            "run",
            "quickstart",
            "--set",
            "scenario.seeds=3",
            "--set",
            "coopdistill.counterfactual.alpha=0.25",
            "--out",
            resumed.toString(),
            "--no-progress");
    assertEquals(Main.BAD_INPUT, other.status());
    assertTrue(
        other.err().contains("holds a run of another scenario or configuration"), other.err());
    Cli fewer =
        Cli.run(
            "run",
            "quickstart",
            "--set",
            "scenario.seeds=2",
            "--out",
            resumed.toString(),
            "--no-progress");
    assertEquals(Main.BAD_INPUT, fewer.status());
    assertTrue(fewer.err().contains("not fewer"), fewer.err());
    // Memory limits tune the machine, not the results: a run killed for memory resumes with more.
    assertEquals(
        twice,
        run(
            resumed,
            "quickstart",
            "scenario.seeds=3",
            "coopdistill.nd4j.off-heap-limit=3g",
            "coopdistill.nd4j.resident-memory.limit=0"),
        "other memory limits resume the same run");

    // More seeds and another method: the finished units stay as they are, the new ones run.
    String firstUnitBefore = Files.readString(firstUnit);
    JsonNode grown =
        run(
            resumed,
            "quickstart",
            "scenario.seeds=4",
            "scenario.methods=[baseline,cooperative,raw-sharing,pooled,unfocused]");
    assertEquals("[0,1,2,3]", grown.get("provenance").get("seeds").toString());
    assertEquals(4, grown.get("config").get("scenario").get("seeds").asInt());
    assertEquals(
        4,
        new ObjectMapper()
            .readTree(resumed.resolve("run.json").toFile())
            .get("config")
            .get("scenario")
            .get("seeds")
            .asInt(),
        "run.json records the larger run");
    assertEquals(firstUnitBefore, Files.readString(firstUnit), "a finished unit is not run again");
    for (String method : List.of("baseline", "cooperative", "raw-sharing", "pooled")) {
      JsonNode before = twice.get("methods").get(method).get("accuracy").get(firstAgent);
      JsonNode after = grown.get("methods").get(method).get("accuracy").get(firstAgent);
      assertEquals(4, after.size(), method + ": " + after);
      for (int seed = 0; seed < 3; seed++)
        assertEquals(before.get(seed), after.get(seed), method + ", seed " + seed);
    }
    assertEquals(4, grown.get("methods").get("unfocused").get("accuracy").get(firstAgent).size());

    Files.delete(full.resolve("results.md"));
    Cli report = Cli.run("report", full.toString());
    assertEquals(0, report.status(), report.err());
    assertTrue(Files.readString(full.resolve("results.md")).contains("| cooperative |"));
  }

  @Test
  void severalRoundsReportEachRoundsAccuracy() throws IOException {
    Path dir = temp.resolve("rounds");
    JsonNode r =
        run(
            dir,
            "quickstart",
            "scenario.seeds=1",
            "scenario.agents=3",
            "scenario.methods=[baseline, cooperative]",
            "coopdistill.simulation.rounds=2",
            "coopdistill.simulation.illustration.rows-per-pair=0");
    JsonNode cooperative = r.get("methods").get("cooperative");
    JsonNode rounds = cooperative.get("rounds");
    assertEquals(2, rounds.size(), "no validation split to stop on: both rounds run");
    assertEquals(
        cooperative.get("accuracy"),
        rounds.get(1).get("accuracy"),
        "a method's accuracy is its last round's");
    assertFalse(r.get("methods").get("baseline").has("rounds"));
    String md = Files.readString(dir.resolve("results.md"));
    assertTrue(
        md.contains("## Test accuracy after each round")
            && md.contains("| round 0 | round 1 | round 2 |"),
        md);
    // Each round's gain over the baseline, the last round's being the method's own.
    assertEquals(cooperative.get("paired_vs_baseline"), rounds.get(1).get("paired_vs_baseline"));
    assertEquals(3, rounds.get(0).get("paired_vs_baseline").get("pairs").asInt());
    assertEquals(1, rounds.get(1).get("trials").asInt(), "the one trial ran round 2");
    // Nothing could stop early (no site has validation rows): no trials column, and the text says
    // so.
    assertTrue(
        md.contains("| cooperative | 1 | 3 | ") && md.contains("| cooperative | 2 | 3 | "), md);
    assertTrue(md.contains("Every trial ran every round") && !md.contains("trials |"), md);
    // Round 2 teaches from students that learned from round 1's virtual rows: it is audited too.
    JsonNode audited = r.get("privacy").get("cooperative").get("rounds");
    assertEquals(2, audited.size());
    assertEquals(
        r.get("privacy").get("cooperative").get("sent"),
        audited.get(0).get("sent"),
        "round 1's figures are the method's own");
    assertEquals(2, audited.get(1).get("round").asInt());
    assertTrue(
        audited.get(1).get("sent").asDouble() > 0 && audited.get(1).get("membership").has("auc"),
        audited.toString());
    assertTrue(md.contains("| cooperative | round 2 | "), md);
    assertTrue(
        Cli.run(
                "run",
                "quickstart",
                "--set",
                "coopdistill.simulation.rounds=0",
                "--out",
                temp.resolve("none").toString())
            .err()
            .contains("coopdistill.simulation.rounds must be at least 1"));
  }

  @Test
  void reportAddsThePairedStatisticsToResultsOfEarlierVersions() throws IOException {
    // results.json as committed before balanced accuracy and the paired statistics existed.
    Path dir = temp.resolve("earlier");
    Files.createDirectories(dir);
    ObjectNode earlier =
        (ObjectNode)
            new ObjectMapper()
                .readTree(
                    Path.of(
                            System.getProperty("coopdistill.root"),
                            "results",
                            "quickstart",
                            "results.json")
                        .toFile());
    earlier
        .get("methods")
        .forEach(
            m ->
                ((ObjectNode) m)
                    .remove(List.of("paired_vs_baseline", "seed_level", "balanced_accuracy")));
    earlier.remove("illustration");
    Files.write(dir.resolve("results.json"), new ObjectMapper().writeValueAsBytes(earlier));
    Cli report = Cli.run("report", dir.toString());
    assertEquals(0, report.status(), report.err());
    String md = Files.readString(dir.resolve("results.md"));
    assertTrue(md.contains("## Against the baseline, paired over (agent, seed)"), md);
    assertTrue(
        md.matches(
            "(?s).*\\| cooperative \\| 50 \\| \\+[0-9.]+ \\| \\[\\+[0-9.]+, \\+[0-9.]+\\] \\| .*"),
        md);
    assertTrue(md.contains("## Balanced test accuracy") && md.contains("| baseline | N/A |"), md);
    // Over seeds too, in results.md and in results.json: quickstart's 5 seeds cannot go below p =
    // 2/2^5.
    assertTrue(
        md.contains("## Against the baseline, over seeds (the figures to read)")
            && md.contains(
                "| cooperative | 5 | +6.20 | [+4.90, +7.51] | 5 / 0 / 0 | 0.0625 | 0.0625 | none |"),
        md);
    JsonNode written = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertEquals(
        0.0625,
        written.get("methods").get("cooperative").get("seed_level").get("p").asDouble(),
        1e-15);
    assertEquals(
        earlier.get("methods").get("cooperative").get("accuracy"),
        written.get("methods").get("cooperative").get("accuracy"));
  }

  /** The same seeds give the same numbers; only wall times differ between two runs. */
  static JsonNode withoutTimings(JsonNode node) {
    JsonNode copy = node.deepCopy();
    copy.findParents("seconds").forEach(p -> ((ObjectNode) p).remove("seconds"));
    return copy;
  }

  @Test
  void heartDiseaseTreesAtTheSmallestScale() throws IOException {
    Path dir = temp.resolve("hd");
    JsonNode r = run(dir, "heart-disease-trees", "scenario.seeds=1");
    assertComplete(
        dir,
        r,
        List.of(
            "baseline",
            "cooperative",
            "cooperative-unguarded",
            "cooperative-no-set-cover",
            "unfocused",
            "raw-sharing",
            "pooled"),
        true);
    // The paper's search beside the default guard: the guard leaves no near-copy.
    assertEquals(0.0, r.get("privacy").get("cooperative").get("near_copy_rate").asDouble());
    assertTrue(r.get("privacy").has("cooperative-unguarded"));
    assertNoMachinePath(dir.resolve("results.json"));
    assertEquals(
        "data/heart-disease",
        r.get("config").get("coopdistill").get("data").get("heart-disease").get("dir").asText());
    // The four sites' files, training sites first, each with the checksum data/SHA256SUMS gives it.
    ObjectNode expected = new ObjectMapper().createObjectNode();
    List<String> sums = Files.readAllLines(ROOT.resolve("data/SHA256SUMS"));
    for (String site : List.of("va", "switzerland", "hungarian", "cleveland")) {
      String file = "heart-disease/processed." + site + ".csv";
      String line = sums.stream().filter(l -> l.endsWith("  " + file)).findFirst().orElseThrow();
      expected.put("data/" + file, line.substring(0, 64));
    }
    assertEquals(expected, r.get("provenance").get("data_sha256"));
  }

  @Test
  void heartDiseaseMixedAtTheSmallestScale() throws IOException {
    Path dir = temp.resolve("hdm");
    JsonNode r =
        run(
            dir,
            "heart-disease-mixed",
            "scenario.seeds=1",
            "scenario.methods=[baseline, cooperative]",
            "coopdistill.counterfactual.pso.iterations-per-lambda=5",
            "coopdistill.counterfactual.pso.particles=10",
            "coopdistill.simulation.illustration.rows-per-pair=3");
    assertComplete(dir, r, List.of("baseline", "cooperative"), true);
  }

  @Test
  void germanCreditReportsTheCorrelationOfOverlapAndGain() throws IOException {
    Path dir = temp.resolve("gc");
    JsonNode r =
        run(
            dir,
            "german-credit-overlap",
            "scenario.seeds=3",
            "scenario.shared-features=[2, 11, 20]",
            "scenario.methods=[baseline, cooperative]");
    assertComplete(dir, r, List.of("baseline", "cooperative"), true);
    JsonNode covariate = r.get("covariate");
    assertEquals(3, covariate.get("trials").size());
    assertEquals(11, covariate.get("trials").get(1).get("value").asInt());
    assertTrue(covariate.has("pearson"));
    assertTrue(Files.isRegularFile(dir.resolve("gain-vs-covariate.png")));
  }

  /**
   * Tiny CNNs on the committed FashionMNIST sample (6,000 training and 1,000 test images; quick
   * scale wants 2,000 test rows, so 200 here): the point is the plumbing of image data, not
   * accuracy.
   */
  private static final String[] TINY_IMAGES = {
    "scenario.scale=quick",
    "scenario.seeds=1",
    "scenario.test-rows=200",
    "coopdistill.data.fashion-mnist-dir="
        + Path.of(CONFIG.getString("coopdistill.data.dir"), "fashion-mnist-sample"),
    "coopdistill.learners.cnn.max-epochs=1",
    "coopdistill.learners.cnn.convolution-filters=[4]",
    "coopdistill.learners.cnn.dense-units=16",
    "coopdistill.learners.mlp.max-epochs=2",
    "coopdistill.distillation.pair-budget=3",
    "coopdistill.counterfactual.gradient.steps-per-lambda=3",
    "coopdistill.counterfactual.lambda.max=10",
    "coopdistill.simulation.illustration.rows-per-pair=2"
  };

  @Test
  void fashionMnistTenAtTheSmallestScale() throws IOException {
    Path dir = temp.resolve("fm");
    List<String> sets = new ArrayList<>(List.of(TINY_IMAGES));
    sets.addAll(
        List.of(
            "scenario.agents=3",
            "scenario.rows-per-agent=150",
            "scenario.methods=[baseline, cooperative, cooperative-no-set-cover]"));
    JsonNode r = run(dir, "fashion-mnist-ten", sets.toArray(String[]::new));
    assertComplete(dir, r, List.of("baseline", "cooperative", "cooperative-no-set-cover"), false);
    assertEquals(3, r.get("agents").size());
    assertNoMachinePath(dir.resolve("results.json"));
    List<String> read = new ArrayList<>();
    r.get("provenance").get("data_sha256").fieldNames().forEachRemaining(read::add);
    assertEquals(
        List.of(
            "data/fashion-mnist-sample/train-images-idx3-ubyte.gz",
            "data/fashion-mnist-sample/train-labels-idx1-ubyte.gz",
            "data/fashion-mnist-sample/t10k-images-idx3-ubyte.gz",
            "data/fashion-mnist-sample/t10k-labels-idx1-ubyte.gz"),
        read);
  }

  @Test
  void crossArchitectureAtTheSmallestScale() throws IOException {
    Path dir = temp.resolve("ca");
    List<String> sets = new ArrayList<>(List.of(TINY_IMAGES));
    sets.addAll(
        List.of(
            "scenario.learners=[{name=mlp, type=mlp, rows=200, undersampled-class=2}, {name=cnn, type=cnn, rows=100, "
                + "undersampled-class=4}, {name=tree, type=cart, max-depth=6, rows=300, undersampled-class=6}]",
            "scenario.methods=[baseline, cooperative]"));
    JsonNode r = run(dir, "cross-architecture", sets.toArray(String[]::new));
    assertComplete(dir, r, List.of("baseline", "cooperative"), false);
  }

  @Test
  void resultsJsonHoldsNoPrivateRowAndTheChartsStillRender() throws IOException {
    Path dir = temp.resolve("publishable");
    String[] sets = {
      "scenario.seeds=1",
      "scenario.methods=[baseline, cooperative]",
      "scenario.agents=5",
      "scenario.classes=5",
      "scenario.rows-per-agent=150",
      "scenario.test-rows=200",
      "coopdistill.simulation.illustration.rows-per-pair=10"
    };
    JsonNode r = run(dir, "quickstart", sets);
    JsonNode pairs = r.get("illustration").get("pairs");
    assertTrue(pairs.size() >= 5, "a sample for the t-SNE: " + pairs.size());
    pairs.forEach(
        pair ->
            assertTrue(
                pair.has("virtual") && !pair.has("x"),
                "results.json keeps only the virtual side: " + pair));
    JsonNode sample =
        new ObjectMapper().readTree(dir.resolve("private-illustration.json").toFile());
    assertEquals(pairs.size(), sample.get("pairs").size());

    Trial trial = Scenarios.create(ScenarioConfig.load("quickstart", List.of(sets))).trial(0);
    Set<List<Float>> privateRows = new HashSet<>();
    trial
        .sites()
        .forEach(
            site -> {
              for (float[] row : site.data().features()) privateRows.add(floats(row));
            });
    for (JsonNode pair : sample.get("pairs"))
      assertTrue(
          privateRows.contains(floats(pair.get("x"))), "the private side holds private rows");
    List<List<Float>> published = new ArrayList<>();
    collectRows(r, trial.test().numFeatures(), published);
    assertTrue(published.size() >= pairs.size(), "the virtual instances are published");
    for (List<Float> row : published)
      assertFalse(privateRows.contains(row), "a private row in results.json: " + row);

    for (String png : List.of("feature-shift.png", "tsne.png")) {
      assertTrue(Files.isRegularFile(dir.resolve(png)), png);
      Files.delete(dir.resolve(png));
    }
    assertEquals(0, Cli.run("report", dir.toString()).status());
    for (String png : List.of("feature-shift.png", "tsne.png"))
      assertTrue(Files.isRegularFile(dir.resolve(png)), "report draws " + png + " again");

    // results.json alone, as published: the charts of the private rows are left out.
    Path alone = temp.resolve("alone");
    Files.createDirectories(alone);
    Files.copy(dir.resolve("results.json"), alone.resolve("results.json"));
    Cli report = Cli.run("report", alone.toString());
    assertEquals(0, report.status(), report.err());
    assertTrue(Files.isRegularFile(alone.resolve("accuracy.png")));
    assertFalse(
        Files.exists(alone.resolve("feature-shift.png"))
            || Files.exists(alone.resolve("tsne.png")));
  }

  private static List<Float> floats(float[] row) {
    List<Float> v = new ArrayList<>();
    for (float x : row) v.add(x);
    return v;
  }

  private static List<Float> floats(JsonNode array) {
    List<Float> v = new ArrayList<>();
    array.forEach(x -> v.add((float) x.asDouble()));
    return v;
  }

  /** Every array of {@code width} numbers anywhere in {@code node}. */
  private static void collectRows(JsonNode node, int width, List<List<Float>> rows) {
    if (node.isArray() && node.size() == width && node.get(0).isNumber()) rows.add(floats(node));
    node.forEach(child -> collectRows(child, width, rows));
  }
}
