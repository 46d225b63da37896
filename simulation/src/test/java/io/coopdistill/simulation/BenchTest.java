package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench} at tiny sizes: one JSON object with the measurements the issue names, guarded
 * search beside unguarded; bad input refused.
 */
class BenchTest {
  @TempDir Path temp;

  // The committed FashionMNIST sample (6,000 training images), not Debian's full set: a fresh clone
  // has only the sample.
  private static final String SAMPLE =
      "coopdistill.data.fashion-mnist-dir="
          + Path.of(ConfigFactory.load().getString("coopdistill.data.dir"), "fashion-mnist-sample");
  private static final List<String> TINY =
      List.of(
          SAMPLE,
          "coopdistill.bench.training.models=2",
          "coopdistill.bench.training.images=128",
          "coopdistill.bench.training.warm-up-images=64",
          "coopdistill.bench.counterfactual.teacher-images=300",
          "coopdistill.bench.counterfactual.teacher-epochs=1",
          "coopdistill.bench.counterfactual.rows=8",
          "coopdistill.bench.set-cover.points=100");

  private static Cli bench(String... extra) {
    return Cli.run(List.of("bench"), TINY, extra);
  }

  @Test
  void jsonHasTheMeasurementsAtTinySizes() throws Exception {
    Cli cli = bench("--json");
    assertEquals(0, cli.status(), cli.err());
    JsonNode r = new ObjectMapper().readTree(cli.out());
    assertEquals(2, r.get("training").get("models").asInt());
    assertEquals(128, r.get("training").get("images").asInt());
    for (String key :
        List.of("images_per_second", "images_per_second_per_core", "images_per_cpu_second")) {
      assertTrue(
          r.get("training").get(key).asDouble() > 0, "training." + key + ": " + r.get("training"));
    }
    for (String section : List.of("counterfactual", "counterfactual_guarded", "tree_exact")) {
      JsonNode m = r.get(section);
      assertTrue(m.get("rows").asInt() > 0 && m.get("rows").asInt() <= 8, section + ": " + m);
      for (String key : List.of("instances_per_second", "instance_steps_per_second")) {
        assertTrue(m.get(key).asDouble() > 0, section + "." + key + ": " + m);
      }
      double success = m.get("success_rate").asDouble();
      assertTrue(success >= 0 && success <= 1, section + ".success_rate: " + m);
      assertTrue(m.has("median_l1") && m.has("mean_steps"), section + ": " + m);
    }
    assertTrue(
        r.get("counterfactual").get("mean_steps").asDouble() >= 1,
        "the gradient search steps: " + r.get("counterfactual"));
    // Beside the unguarded search, the same rows under conf/privacy.conf's default guard.
    JsonNode guarded = r.get("counterfactual_guarded");
    assertEquals("anchor-mean", guarded.get("guard").asText(), guarded.toString());
    assertEquals(5, guarded.get("k").asInt(), guarded.toString());
    assertEquals(
        r.get("counterfactual").get("rows").asInt(),
        guarded.get("rows").asInt(),
        guarded.toString());
    assertEquals(100, r.get("set_cover").get("points").asInt());
    int kept = r.get("set_cover").get("kept").asInt();
    assertTrue(kept >= 1 && kept <= 100, "set cover kept " + kept);
  }

  @Test
  void missingDataAndBadSizesAreRefusedBeforeAnyWork() {
    Cli cli = bench("--set", "coopdistill.data.fashion-mnist-dir=" + temp.resolve("nowhere"));
    assertEquals(Main.NO_DATA, cli.status());
    assertTrue(cli.err().contains("apt-get install -y dataset-fashion-mnist"), cli.err());
    cli = bench("--set", "coopdistill.bench.counterfactual.rows=0");
    assertEquals(Main.BAD_INPUT, cli.status());
    assertTrue(
        cli.err().contains("coopdistill.bench.counterfactual.rows must be at least 1"), cli.err());
    cli = bench("--set", "coopdistill.bench.training.images=7000");
    assertEquals(Main.BAD_INPUT, cli.status());
    assertTrue(cli.err().contains("holds 6000"), cli.err());
  }
}
