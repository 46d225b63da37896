package io.coopdistill.simulation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.simulation.Main;
import io.coopdistill.simulation.run.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scaling --report}: the summary drawn from point directories made here. */
class ScalingSummaryTest {
  @TempDir Path temp;

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
    ObjectNode results = Json.object();
    ObjectNode phases = results.putObject("phases").putObject("cooperative");
    phases.put("counterfactuals", counterfactualSeconds);
    phases.put("set-cover", 0.01 * k);
    ObjectNode counterfactuals = results.putObject("counterfactuals");
    if (k <= 16) {
      counterfactuals.set("generated", Json.MAPPER.valueToTree(new int[][] {{0, k}, {2, 0}}));
      counterfactuals.set("kept", Json.MAPPER.valueToTree(new int[][] {{0, 1}, {1, 0}}));
    } else { // the layout of many agents: [teacher, student, count] of each non-zero pair
      counterfactuals.put("layout", "pairs");
      counterfactuals.set("generated", Json.MAPPER.valueToTree(new int[][] {{0, 1, k}, {1, 0, 2}}));
      counterfactuals.set("kept", Json.MAPPER.valueToTree(new int[][] {{0, 1, 1}, {1, 0, 1}}));
    }
    ObjectNode methods = results.putObject("methods");
    methods.putObject("baseline").putObject("median").put("over_agents", 0.70);
    methods.putObject("cooperative").putObject("median").put("over_agents", 0.75);
    results.putObject("provenance").put("git_commit", "abc");
    Json.write(dir.resolve("results.json"), results);
    // What the study keeps of it once the run has finished.
    point.set(ScalingSummary.RUN, ScalingSummary.figures(results));
    Json.write(dir.resolve("point.json"), point);
  }

  @Test
  void reportDrawsTheSummaryAndFitsOnlyTheSeriesOwnCoresAndNodes() throws Exception {
    fakePoint("cart-k100-c2-n1", 100, 2, 1, 3 * Math.pow(100, 1.5));
    fakePoint("cart-k10-c2-n1", 10, 2, 1, 3 * Math.pow(10, 1.5));
    fakePoint("cart-k1000-c2-n1", 1000, 2, 1, 3 * Math.pow(1000, 1.5));
    fakePoint("cart-k100-c1-n1", 100, 1, 1, 999); // varied: in the table, not in the fit
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.execute(
            new String[] {
              "scaling", "--report", "--set", "coopdistill.scaling.out=" + temp.resolve("study")
            },
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
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
    JsonNode last = summary.get("points").get(3);
    assertEquals(1002, last.get("sent").asLong(), "pairs layout");
    assertEquals(2, last.get("kept").asLong());
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
}
