package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.coopdistill.simulation.run.SimulationRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A run's per-unit checkpoints (DIR/checkpoints/METHOD/seed-N.json) that cannot be read are
 * reported, and their units run again.
 */
class UnitCheckpointsTest {
  @TempDir Path temp;

  private static Cli run(Path dir, String... more) {
    return Cli.run(
        List.of("run", "quickstart", "--out", dir.toString(), "--no-progress"),
        List.of(
            "scenario.seeds=2",
            "scenario.methods=[baseline, cooperative]",
            "scenario.agents=3",
            "scenario.classes=3",
            "scenario.rows-per-agent=100",
            "scenario.test-rows=200",
            "coopdistill.simulation.illustration.rows-per-pair=3"),
        more);
  }

  @Test
  void aTruncatedEmptyOrForeignCheckpointIsReportedAndItsUnitRunsAgain() throws IOException {
    Path full = temp.resolve("full");
    assertEquals(0, run(full).status());
    Path broken = temp.resolve("broken");
    // Seed 0's cooperative and baseline units, then the illustration.
    assertEquals(1, run(broken, "--stop-after", "3").status());
    Path cooperative = broken.resolve("checkpoints/cooperative/seed-0.json");
    Path baseline = broken.resolve("checkpoints/baseline/seed-0.json");
    Path illustration = broken.resolve("checkpoints/illustration.json");
    String text = Files.readString(cooperative);
    Files.writeString(cooperative, text.substring(0, text.length() / 2));
    Files.writeString(baseline, "");
    Files.writeString(illustration, "{\"seed\": 0}");
    Path foreign = broken.resolve("checkpoints/cooperative/seed-1.json");
    Files.writeString(foreign, text); // seed 0's result under seed 1's name

    Logger log = (Logger) LoggerFactory.getLogger(SimulationRunner.class);
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    log.addAppender(warnings);
    Cli again;
    try {
      again = run(broken);
    } finally {
      log.detachAppender(warnings);
    }
    assertEquals(0, again.status(), again.err());
    for (Path file : List.of(cooperative, baseline, illustration, foreign)) {
      assertTrue(
          warnings.list.stream()
              .anyMatch(
                  e ->
                      e.getFormattedMessage().startsWith("checkpoint " + file + " cannot be read (")
                          && e.getFormattedMessage().endsWith("): its unit runs again")),
          file + " is reported: " + warnings.list);
    }
    JsonNode expected = new ObjectMapper().readTree(full.resolve("results.json").toFile());
    JsonNode actual = new ObjectMapper().readTree(broken.resolve("results.json").toFile());
    for (String section : List.of("methods", "counterfactuals", "illustration")) {
      assertEquals(
          ScenarioRunsTest.withoutTimings(expected.get(section)),
          ScenarioRunsTest.withoutTimings(actual.get(section)),
          section);
    }
    assertEquals(0, run(broken).status(), "the checkpoints written again are read");
  }
}
