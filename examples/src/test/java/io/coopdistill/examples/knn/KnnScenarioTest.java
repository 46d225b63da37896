package io.coopdistill.examples.knn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.simulation.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example scenario runs the example learner from the command line; a site with fewer
 * than k rows is refused.
 */
class KnnScenarioTest {
  @TempDir Path temp;

  private static final Path PROJECT = Path.of(ConfigFactory.load().getString("coopdistill.root"));

  private static int run(ByteArrayOutputStream err, String... args) {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return Main.execute(args, quiet, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theReadmeExampleRunsWithKnnAgents() throws IOException {
    Path out = temp.resolve("run");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        run(
            err,
            "run",
            PROJECT.resolve("examples/knn-semi-experts.conf").toString(),
            "--seeds",
            "1",
            "--out",
            out.toString(),
            "--no-progress",
            "--set",
            "scenario.methods=[baseline, cooperative]",
            "--set",
            "coopdistill.simulation.illustration.rows-per-pair=0",
            "--set",
            "scenario.rows-per-agent=100",
            "--set",
            "scenario.test-rows=300");
    assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
    JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals("knn", results.at("/config/scenario/learner/type").asText());
    assertEquals(4, results.get("agents").size());
  }

  @Test
  void aSiteWithFewerRowsThanKIsRefusedBeforeAnythingIsWritten() throws IOException {
    List<String> big = new ArrayList<>(List.of("x,y"));
    for (int i = 0; i < 20; i++) big.add(i / 20.0 + "," + (i % 2 == 0 ? "no" : "yes"));
    Files.write(temp.resolve("big.csv"), big);
    Files.write(
        temp.resolve("small.csv"),
        List.of("x,y", "0.1,no", "0.2,yes", "0.3,no", "0.4,yes", "0.5,no", "0.6,yes"));
    Path file =
        Files.writeString(
            temp.resolve("study.conf"),
            """
        scenario {
          data = table
          table {
            sites = [{ name = big, file = big.csv }, { name = small, file = small.csv }]
            label = y
            test-fraction = 0.25
          }
          learner { type = knn }
        }
        """);
    Path out = temp.resolve("refused");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(
        Main.NO_DATA, run(err, "run", file.toString(), "--out", out.toString(), "--no-progress"));
    String message = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        message.startsWith("error: site 'small' trains on 4 rows of 2 class(es)")
            && message.contains("knn needs at least 5 rows"),
        message);
    assertFalse(Files.exists(out));
  }
}
