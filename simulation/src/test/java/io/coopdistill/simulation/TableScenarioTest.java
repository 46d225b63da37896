package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.simulation.run.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scenario file of one's own ({@code scenario.data = table}) outside the project, run from the
 * command line.
 */
class TableScenarioTest {
  @TempDir Path temp;

  /**
   * Two sites of 40 rows, class yes where x + z > 1: north in CSV, south in ARFF, without z but
   * with colour; a test file.
   */
  @BeforeEach
  void writeSites() throws IOException {
    Files.createDirectories(temp.resolve("study/data"));
    List<String> north = new ArrayList<>(List.of("x,z,outcome"));
    List<String> south =
        new ArrayList<>(
            List.of(
                "@relation south",
                "@attribute x numeric",
                "@attribute colour {red, blue}",
                "@attribute outcome {no, yes}",
                "@data"));
    List<String> test = new ArrayList<>(List.of("x,z,colour,outcome"));
    for (int i = 0; i < 40; i++) {
      double x = (i * 7 % 40) / 40.0;
      double z = (i * 13 % 40) / 40.0;
      String y = x + z > 1 ? "yes" : "no";
      north.add(x + "," + z + "," + y);
      south.add(x + "," + (i % 3 == 0 ? "?" : y.equals("yes") ? "red" : "blue") + "," + y);
      if (i % 2 == 0) test.add(z + "," + x + ",red," + (x + z > 1 ? "yes" : "no"));
    }
    Files.write(temp.resolve("study/data/north.csv"), north);
    Files.write(temp.resolve("study/data/south.arff"), south);
    Files.write(temp.resolve("study/data/test.csv"), test);
  }

  private Path scenario(String table, String rest) throws IOException {
    return Files.writeString(
        temp.resolve("study/study.conf"),
        "scenario {\n  data = table\n  table {\n" + table + "\n  }\n" + rest + "\n}\n");
  }

  private static final String SITES =
      """
      sites = [{ name = north, file = "data/north.csv" }, { name = south, file = "data/south.arff" }]
      label = outcome""";

  @Test
  void aScenarioFileOfCsvAndArffSitesRunsResumesAndNamesTheAgentsAfterTheSites()
      throws IOException {
    Path file =
        scenario(
            SITES + "\n test = \"data/test.csv\"",
            "learner { type = cart, max-depth = 3 }\n methods = [baseline, cooperative]\n seeds = 1");
    Path out = temp.resolve("run");
    String[] args = {
      "run",
      file.toString(),
      "--out",
      out.toString(),
      "--no-progress",
      "--set",
      "coopdistill.simulation.illustration.rows-per-pair=0"
    };
    String[] stopped = Arrays.copyOf(args, args.length + 2);
    stopped[args.length] = "--stop-after";
    stopped[args.length + 1] = "1";
    assertEquals(1, Cli.run(stopped).status(), "stopped as if killed after the first unit");
    Cli cli = Cli.run(args);
    assertEquals(
        0,
        cli.status(),
        "the same command resumes the run from its recorded configuration: " + cli.err());
    JsonNode results = Json.read(out.resolve("results.json"));
    assertEquals(
        "study", results.get("scenario").asText(), "a scenario file is named after the file");
    assertEquals("[\"north\",\"south\"]", results.get("agents").toString());
    assertFalse(
        results.get("config").get("scenario").get("file").asText().startsWith("/"),
        "the file is recorded relative to the project");
  }

  private void assertRefused(int status, String message, Path file) {
    Path out = temp.resolve("refused");
    Cli cli = Cli.run("run", file.toString(), "--out", out.toString(), "--no-progress");
    assertEquals(status, cli.status(), cli.err());
    assertTrue(
        cli.err().startsWith("error: ") && cli.err().strip().lines().count() == 1,
        "one error line: " + cli.err());
    assertTrue(cli.err().contains(message), "expected '" + message + "' in: " + cli.err());
    assertFalse(Files.exists(out), "nothing may be written for a refused run");
  }

  @Test
  void badInputIsOneErrorLineBeforeAnythingIsWritten() throws IOException {
    String learner = "learner { type = cart }";
    assertRefused(
        Main.BAD_INPUT,
        "scenario file '" + temp.resolve("none.conf") + "' not found",
        temp.resolve("none.conf"));
    assertRefused(
        Main.BAD_INPUT,
        "has no scenario { ... } section",
        Files.writeString(temp.resolve("flat.conf"), "data = table\n"));
    assertRefused(
        Main.NO_DATA,
        "site 'west': file data/west.csv not found (resolved to "
            + temp.resolve("study/data/west.csv")
            + ")",
        scenario(
            SITES.replace("south.arff", "west.csv").replace("name = south", "name = west"),
            learner));
    assertRefused(
        Main.NO_DATA,
        "label column 'diagnosis' not found; the columns are [x, z, outcome]",
        scenario(SITES.replace("label = outcome", "label = diagnosis"), learner));
    assertRefused(
        Main.BAD_INPUT,
        "table.numeric names column 'colr', which no file has; the columns are [x, z, colour]",
        scenario(SITES + "\n numeric = [colr]", learner));
    assertRefused(
        Main.NO_DATA,
        "south.arff, line 7, column 2: column 'colour' is numeric but holds 'blue'",
        scenario(SITES + "\n numeric = [colour]", learner));
    assertRefused(
        Main.BAD_INPUT,
        "table.sites: two sites are named 'north'",
        scenario(SITES.replace("name = south", "name = north"), learner));
    assertRefused(
        Main.BAD_INPUT,
        "scenario.learners has 1 entries; it needs one per site",
        scenario(SITES, "learners = [{ type = cart }]"));
    assertRefused(Main.BAD_INPUT, "give either learners = [...]", scenario(SITES, ""));
    assertRefused(
        Main.BAD_INPUT, "table.lable: unknown key", scenario(SITES + "\n lable = x", learner));

    Files.write(
        temp.resolve("study/data/one-class.csv"),
        List.of("x,outcome", "0.1,no", "0.2,no", "0.3,no"));
    assertRefused(
        Main.NO_DATA,
        "site 'south' ('data/one-class.csv' (resolved to "
            + temp.resolve("study/data/one-class.csv")
            + ")) has rows of only one class, {no=3}",
        scenario(SITES.replace("south.arff", "one-class.csv"), learner));
    Files.write(temp.resolve("study/data/tiny.csv"), List.of("x,outcome", "0.1,no", "0.9,yes"));
    assertRefused(
        Main.NO_DATA,
        "site 'south' trains on 0 rows of 0 class(es) (after the held-out test and validation rows); "
            + "its learner cart needs at least 2 rows",
        scenario(
            SITES.replace("south.arff", "tiny.csv"), learner + "\n validation-fraction = 0.5"));
  }
}
