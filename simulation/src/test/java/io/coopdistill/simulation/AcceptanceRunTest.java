package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code coopdistill.distillation.accept} through the command line: each agent's decision in
 * results.json and results.md.
 */
class AcceptanceRunTest {
  @TempDir Path temp;

  private static JsonNode run(Path dir, String accept) throws IOException {
    Cli cli =
        Cli.run(
            "run",
            "heart-disease-trees",
            "--out",
            dir.toString(),
            "--no-progress",
            "--set",
            "scenario.seeds=2",
            "--set",
            "scenario.methods=[baseline, cooperative]",
            "--set",
            "coopdistill.distillation.accept=" + accept);
    assertEquals(0, cli.status(), cli.err());
    return new ObjectMapper().readTree(dir.resolve("results.json").toFile());
  }

  @Test
  void ifBetterReportsEachAgentsDecisionAndARefusalKeepsTheBaseline() throws IOException {
    Path dir = temp.resolve("if-better");
    JsonNode r = run(dir, "if-better");
    JsonNode coop = r.get("methods").get("cooperative");
    JsonNode baseline = r.get("methods").get("baseline");
    JsonNode acceptance = coop.get("acceptance");
    int refusals = 0;
    for (String agent : new String[] {"long-beach", "switzerland", "hungary"}) {
      JsonNode decided = acceptance.get("accepted").get(agent);
      assertEquals(2, decided.size(), agent);
      int refused = 0;
      for (int s = 0; s < 2; s++) {
        if (decided.get(s).asBoolean()) continue;
        refused++;
        // The held-out split judges, so the round's baseline is the scenario's: a refusal scores
        // exactly the baseline.
        assertEquals(
            baseline.get("accuracy").get(agent).get(s).asDouble(),
            coop.get("accuracy").get(agent).get(s).asDouble(),
            agent);
      }
      assertEquals(refused, acceptance.get("refused").get(agent).asInt(), agent);
      refusals += refused;
    }
    String md = Files.readString(dir.resolve("results.md"));
    assertTrue(md.contains("## Lessons refused (accept = if-better)"), md);
    assertTrue(refusals > 0, "exp. 3's trees refuse some lessons at these seeds: " + acceptance);

    assertEquals(0, Cli.run("report", dir.toString()).status());
    assertEquals(
        acceptance,
        new ObjectMapper()
            .readTree(dir.resolve("results.json").toFile())
            .get("methods")
            .get("cooperative")
            .get("acceptance"),
        "re-rendering reads the decisions back from the checkpoints");
  }

  @Test
  void alwaysJudgesNothing() throws IOException {
    Path dir = temp.resolve("always");
    assertFalse(run(dir, "always").get("methods").get("cooperative").has("acceptance"));
    assertFalse(Files.readString(dir.resolve("results.md")).contains("Lessons refused"));
  }
}
