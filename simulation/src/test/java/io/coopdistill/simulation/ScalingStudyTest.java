package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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

  @Test
  @Timeout(300)
  void realPointsInOneJvmAndOnTwoNodesRunOnceAndAreThenSkipped() throws Exception {
    int cores = Math.min(2, Runtime.getRuntime().availableProcessors());
    List<String> tiny =
        List.of(
            "coopdistill.scaling.series={tiny {scenario = quickstart, sets = [\"scenario.methods=[baseline,cooperative]\", "
                + "\"scenario.rows-per-agent=60\", \"scenario.test-rows=60\"], agents = [4], cores = "
                + cores
                + ", nodes = 1, vary-at = [4], vary-cores = [], vary-nodes = [2], java-options = [\"-Xmx1g\"]}}");
    Cli run = scaling(tiny, "--series", "tiny");
    assertEquals(0, run.status(), run.err() + run.out());
    String local = "tiny-k4-c" + cores + "-n1";
    String cluster = "tiny-k4-c" + cores + "-n2";
    Path dir = temp.resolve("study/points").resolve(local);
    JsonNode point = Json.read(dir.resolve("point.json"));
    assertTrue(point.get("wall_seconds").asDouble() > 0);
    assertTrue(point.get("peak_rss_bytes").asLong() > 10_000_000L, point.toString());
    assertEquals(
        cores, point.get("environment").get("cpus_used").asText().split(",").length, "CPUs pinned");
    List<String> command = Json.strings(point.get("commands").get(0));
    assertEquals("taskset", command.get(0));
    assertTrue(
        command.contains("-XX:ActiveProcessorCount=" + cores) && command.contains("-Xmx1g"),
        command.toString());
    // Two learner nodes and the run: three processes, each measured; the same accuracies as one
    // JVM.
    Path clusterDir = temp.resolve("study/points").resolve(cluster);
    JsonNode clustered = Json.read(clusterDir.resolve("point.json"));
    assertEquals(3, clustered.get("commands").size());
    assertEquals(
        List.of("node-0", "node-1", "run"),
        List.copyOf(
            Json.MAPPER
                .convertValue(clustered.get("peak_rss_bytes_by_process"), java.util.Map.class)
                .keySet()));
    assertEquals(
        Json.read(dir.resolve("results.json")).get("methods").get("cooperative").get("accuracy"),
        Json.read(clusterDir.resolve("results.json"))
            .get("methods")
            .get("cooperative")
            .get("accuracy"));
    JsonNode rows = Json.read(temp.resolve("study/results.json")).get("points");
    assertEquals(local, rows.get(0).get("id").asText());
    assertEquals(cluster, rows.get(1).get("id").asText());
    assertTrue(rows.get(0).get("seconds_per_phase").has("counterfactuals"), rows.toString());

    Cli again = scaling(tiny, "--series", "tiny");
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains(local + ": done, skipped"), again.out());
    assertTrue(again.out().contains(cluster + ": done, skipped"), again.out());
  }
}
