package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.simulation.run.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./coopdistill scaling}: bad input named, the summary of point directories, one real point.
 */
class ScalingStudyTest {
  @TempDir Path temp;

  private Cli scaling(List<String> sets, String... more) {
    List<String> all = new ArrayList<>(sets);
    all.add("coopdistill.scaling.out=" + temp.resolve("study"));
    return Cli.run(List.of("scaling"), all, more);
  }

  @Test
  void unknownPointsSeriesAndBadValuesAreNamed() {
    Cli malformed = scaling(List.of(), "--list", "--point", "cart-k100");
    assertEquals(Main.BAD_INPUT, malformed.status());
    assertTrue(
        malformed.err().contains("scaling point 'cart-k100' is not SERIES-kK-cC-nN"),
        malformed.err());
    Cli series = scaling(List.of(), "--list", "--point", "svm-k10-c1-n1");
    assertEquals(Main.BAD_INPUT, series.status());
    assertTrue(series.err().contains("unknown series 'svm'; series: cart, lenet"), series.err());
    Cli unknownSeries = scaling(List.of(), "--list", "--series", "svm");
    assertEquals(Main.BAD_INPUT, unknownSeries.status());
    assertTrue(unknownSeries.err().contains("--series svm: unknown series"), unknownSeries.err());
    Cli cores = scaling(List.of("coopdistill.scaling.series.cart.vary-cores=[0,2]"), "--list");
    assertEquals(Main.BAD_INPUT, cores.status());
    assertTrue(
        cores
            .err()
            .contains("coopdistill.scaling.series.cart.vary-cores must be at least 1, got 0"),
        cores.err());
    Cli set =
        scaling(List.of("coopdistill.scaling.series.cart.sets=[\"scenario.nope=1\"]"), "--list");
    assertEquals(Main.BAD_INPUT, set.status());
    assertTrue(set.err().contains("--set scenario.nope: unknown key"), set.err());
    assertFalse(Files.exists(temp.resolve("study")), "nothing written");
  }

  @Test
  void listPrintsEachPointWithTheCommandsThatRunIt() {
    Cli list = scaling(List.of(), "--list", "--point", "cart-k100-c1-n2");
    assertEquals(0, list.status(), list.err());
    assertTrue(list.out().startsWith("cart-k100-c1-n2\n"), list.out());
    assertTrue(
        list.out()
            .contains(
                " ./coopdistill node quickstart --port 0 --set 'scenario.methods=[baseline,cooperative]' --set scenario.agents=100"),
        list.out());
    assertTrue(list.out().contains("--seed-nodes ADDRESS-OF-NODE-0"), list.out());
    assertTrue(list.out().contains("run quickstart --seeds 1 --out "), list.out());
  }

  /** A point directory as the study leaves it, with the run's results.json cut to what it reads. */
  private void fakePoint(String id, int k, int cores, int nodes, double counterfactualSeconds) {
    Path dir = temp.resolve("study/points").resolve(id);
    ObjectNode point = Json.object();
    point.put("scenario", "quickstart");
    point.put("wall_seconds", 2.0 * k);
    point.put("peak_rss_bytes", 1_000_000L * k);
    ObjectNode env = point.putObject("environment");
    env.put("load_average_at_start", 0.5);
    env.put("load_average_at_end", 1.5);
    Json.write(dir.resolve("point.json"), point);
    ObjectNode results = Json.object();
    ObjectNode phases = results.putObject("phases").putObject("cooperative");
    phases.put("counterfactuals", counterfactualSeconds);
    phases.put("set-cover", 0.01 * k);
    ObjectNode counterfactuals = results.putObject("counterfactuals");
    counterfactuals.set("generated", Json.MAPPER.valueToTree(new int[][] {{0, k}, {2, 0}}));
    counterfactuals.set("kept", Json.MAPPER.valueToTree(new int[][] {{0, 1}, {1, 0}}));
    ObjectNode methods = results.putObject("methods");
    methods.putObject("baseline").putObject("median").put("over_agents", 0.70);
    methods.putObject("cooperative").putObject("median").put("over_agents", 0.75);
    results.putObject("provenance").put("git_commit", "abc");
    Json.write(dir.resolve("results.json"), results);
  }

  @Test
  void reportDrawsTheSummaryAndFitsOnlyTheSeriesOwnCoresAndNodes() throws Exception {
    fakePoint("cart-k100-c2-n1", 100, 2, 1, 3 * Math.pow(100, 1.5));
    fakePoint("cart-k10-c2-n1", 10, 2, 1, 3 * Math.pow(10, 1.5));
    fakePoint("cart-k1000-c2-n1", 1000, 2, 1, 3 * Math.pow(1000, 1.5));
    fakePoint("cart-k100-c1-n1", 100, 1, 1, 999); // varied: in the table, not in the fit
    Cli report = scaling(List.of(), "--report");
    assertEquals(0, report.status(), report.err());
    JsonNode summary = Json.read(temp.resolve("study/results.json"));
    List<String> ids = new ArrayList<>();
    summary.get("points").forEach(p -> ids.add(p.get("id").asText()));
    assertEquals(
        List.of("cart-k10-c2-n1", "cart-k100-c1-n1", "cart-k100-c2-n1", "cart-k1000-c2-n1"), ids);
    JsonNode first = summary.get("points").get(0);
    assertEquals(12, first.get("sent").asLong());
    assertEquals(2, first.get("kept").asLong());
    assertEquals(0.05, first.get("gain").asDouble(), 1e-12);
    assertEquals(10_000_000L, first.get("peak_rss_bytes").asLong());
    JsonNode cart = summary.get("exponents").get("cart");
    assertEquals(1.5, cart.get("counterfactuals").get("exponent").asDouble(), 1e-9);
    assertEquals(1.0, cart.get("set-cover").get("exponent").asDouble(), 1e-9);
    assertEquals(3, cart.get("counterfactuals").get("points").asInt());
    assertFalse(summary.get("exponents").has("lenet"), "no lenet point yet");
    String md = Files.readString(temp.resolve("study/results.md"));
    assertTrue(
        md.contains("| cart-k100-c1-n1 | 100 | 1 | 1 | 999.00 | 1.00 | 102 | 2 | 0.10 | 200.0 |"),
        md);
    assertTrue(md.contains("| cart | 1.50 (1.00) | 1.00 (1.00) |"), md);
    for (String phase : List.of("counterfactuals", "set-cover"))
      assertTrue(Files.size(temp.resolve("study/seconds-" + phase + ".png")) > 1000, phase);
  }

  @Test
  @Timeout(180)
  void aRealPointRunsOnceAndIsThenSkipped() throws Exception {
    List<String> tiny =
        List.of(
            "coopdistill.scaling.series={tiny {scenario = quickstart, sets = [\"scenario.methods=[baseline,cooperative]\", "
                + "\"scenario.rows-per-agent=60\", \"scenario.test-rows=60\"], agents = [4], cores = 1, nodes = 1, "
                + "vary-at = [], vary-cores = [], vary-nodes = [], java-options = [\"-Xmx1g\"]}}");
    Cli run = scaling(tiny, "--series", "tiny");
    assertEquals(0, run.status(), run.err() + run.out());
    Path dir = temp.resolve("study/points/tiny-k4-c1-n1");
    JsonNode point = Json.read(dir.resolve("point.json"));
    assertTrue(point.get("wall_seconds").asDouble() > 0);
    assertTrue(point.get("peak_rss_bytes").asLong() > 10_000_000L, point.toString());
    assertFalse(point.get("environment").get("cpus_used").asText().contains(","), "one CPU");
    List<String> command = Json.strings(point.get("commands").get(0));
    assertEquals("taskset", command.get(0));
    assertTrue(
        command.contains("-XX:ActiveProcessorCount=1") && command.contains("-Xmx1g"),
        command.toString());
    JsonNode results = Json.read(dir.resolve("results.json"));
    assertEquals(4, results.get("agents").size());
    JsonNode row = Json.read(temp.resolve("study/results.json")).get("points").get(0);
    assertEquals("tiny-k4-c1-n1", row.get("id").asText());
    assertTrue(row.get("seconds_per_phase").has("counterfactuals"), row.toString());
    assertTrue(row.get("sent").asLong() >= row.get("kept").asLong());

    Cli again = scaling(tiny, "--series", "tiny");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains("tiny-k4-c1-n1: done, skipped"), again.out());
  }
}
