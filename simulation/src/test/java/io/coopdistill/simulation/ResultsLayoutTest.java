package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.json's counterfactual matrices: k×k up to coopdistill.simulation.results
 * .dense-matrices-up-to agents, their non-zero pairs above, and the report reads both.
 */
class ResultsLayoutTest {
  private static final String KEY = "coopdistill.simulation.results.dense-matrices-up-to";
  private static final List<String> MATRICES =
      List.of("deficient", "searched", "failed", "unchanged", "generated", "kept");

  @TempDir Path temp;

  /** One seed of 40 tiny agents, baseline and cooperative, with {@code more} settings. */
  private static JsonNode run(Path dir, String... more) throws IOException {
    List<String> sets =
        new ArrayList<>(
            List.of(
                "scenario.seeds=1",
                "scenario.agents=40",
                "scenario.rows-per-agent=60",
                "scenario.test-rows=100",
                "scenario.methods=[baseline, cooperative]",
                "coopdistill.simulation.illustration.rows-per-pair=0"));
    sets.addAll(List.of(more));
    Cli cli = Cli.run(List.of("run", "quickstart", "--no-progress", "--out", dir.toString()), sets);
    assertEquals(0, cli.status(), cli.err());
    return new ObjectMapper().readTree(dir.resolve("results.json").toFile());
  }

  @Test
  void manyAgentsKeepTheNonZeroPairsAndTheReportReadsThem() throws IOException {
    Path sparseDir = temp.resolve("pairs");
    JsonNode pairs = run(sparseDir).get("counterfactuals");
    JsonNode dense = run(temp.resolve("dense"), KEY + "=40").get("counterfactuals");
    assertEquals("pairs", pairs.get("layout").asText());
    assertFalse(dense.has("layout"));
    for (String matrix : MATRICES) {
      assertEquals(40, dense.get(matrix).size());
      List<String> nonZero = new ArrayList<>();
      for (int i = 0; i < 40; i++)
        for (int j = 0; j < 40; j++) {
          int v = dense.get(matrix).get(i).get(j).asInt();
          if (v != 0) nonZero.add(i + "," + j + "," + v);
        }
      List<String> listed = new ArrayList<>();
      pairs.get(matrix).forEach(p -> listed.add(p.get(0) + "," + p.get(1) + "," + p.get(2)));
      assertEquals(nonZero, listed, matrix + ": the dense matrix's non-zero cells, row by row");
      assertEquals(dense.get("by_method").get("cooperative").get(matrix), dense.get(matrix));
      assertEquals(pairs.get("by_method").get("cooperative").get(matrix), pairs.get(matrix));
    }
    assertTrue(pairs.get("kept").size() > 0, "some pair kept instances");
    // The unit's checkpoint holds the same non-zero pairs (one seed, one round), not 40×40 cells.
    JsonNode checkpoint =
        new ObjectMapper()
            .readTree(sparseDir.resolve("checkpoints/cooperative/seed-0.json").toFile())
            .get("distillation");
    assertEquals("pairs", checkpoint.get("layout").asText());
    for (String matrix : MATRICES) {
      assertEquals(pairs.get(matrix), checkpoint.get(matrix), matrix);
      checkpoint.get(matrix).forEach(p -> assertTrue(p.get(2).asInt() != 0, matrix + ": " + p));
    }

    Path md = sparseDir.resolve("results.md");
    Files.delete(md);
    Files.deleteIfExists(sparseDir.resolve("counterfactuals-heatmap.png"));
    Cli report = Cli.run("report", sparseDir.toString());
    assertEquals(0, report.status(), report.err());
    String text = Files.readString(md);
    assertTrue(text.contains("| teacher | student | generated | kept after set cover |"), text);
    assertFalse(text.contains("| teacher \\ student |"), "no 40×40 table: " + text);
    assertFalse(text.contains("counterfactuals-heatmap.png"), text);
    assertFalse(Files.exists(sparseDir.resolve("counterfactuals-heatmap.png")));
    JsonNode top = pairs.get("kept");
    int most = 0;
    for (JsonNode p : top) most = Math.max(most, p.get(2).asInt());
    assertTrue(text.contains(" | " + most + " |\n"), "the pair that kept the most: " + text);
  }

  @Test
  void aNegativeThresholdIsRefusedBeforeTheRunNamingTheKey() {
    Path dir = temp.resolve("refused");
    Cli cli =
        Cli.run(
            List.of("run", "quickstart", "--no-progress", "--out", dir.toString()),
            List.of("scenario.seeds=1", "scenario.agents=2", KEY + "=-1"));
    assertEquals(Main.BAD_INPUT, cli.status(), cli.err());
    assertTrue(cli.err().contains(KEY) && cli.err().contains("-1"), cli.err());
    assertFalse(Files.exists(dir.resolve("results.json")));
  }
}
