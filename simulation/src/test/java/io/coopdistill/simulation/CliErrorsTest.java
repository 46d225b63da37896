package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with a message saying what to do, a non-zero status, and nothing in the run directory. */
class CliErrorsTest {
  @TempDir Path temp;

  private void assertRefused(int status, String message, String... args) {
    Path dir = temp.resolve("run");
    String[] withOut = new String[args.length + 3];
    System.arraycopy(args, 0, withOut, 0, args.length);
    withOut[args.length] = "--out";
    withOut[args.length + 1] = dir.toString();
    withOut[args.length + 2] = "--no-progress";
    Cli cli = Cli.run(withOut);
    assertEquals(status, cli.status(), cli.err());
    assertTrue(cli.err().contains(message), "expected '" + message + "' in: " + cli.err());
    assertFalse(Files.exists(dir), "nothing may be written for a refused run");
  }

  @Test
  void anUnknownScenarioListsTheScenarios() {
    assertRefused(Main.BAD_INPUT, "unknown scenario 'no-such'; scenarios: ", "run", "no-such");
    assertRefused(Main.BAD_INPUT, "heart-disease-trees", "run", "no-such");
  }

  @Test
  void anUnknownKeyIsNamed() {
    assertRefused(Main.BAD_INPUT, "--set coopdistill.distillation.pair-budgett: unknown key", "run",
        "--set", "coopdistill.distillation.pair-budgett=3");
    assertRefused(Main.BAD_INPUT, "unknown key", "run", "--set", "java.home=/tmp");
  }

  @Test
  void aValueOfTheWrongTypeOrRangeIsNamed() {
    assertRefused(Main.BAD_INPUT, "--set scenario.seeds: bad value", "run", "--set", "scenario.seeds=many");
    assertRefused(Main.BAD_INPUT, "--set scenario.seeds: bad value 2.5", "run", "--set", "scenario.seeds=2.5");
    assertRefused(Main.BAD_INPUT, "pair-budget must be ≥ 0", "run", "--set", "coopdistill.distillation.pair-budget=-1");
    assertRefused(Main.BAD_INPUT, "focus must be deficiencies or all-correct", "run", "--set", "coopdistill.distillation.focus=some");
    assertRefused(Main.BAD_INPUT, "guard must be one of [none, floor, k-anonymous]", "run", "--set", "coopdistill.privacy.guard=some");
    assertRefused(Main.BAD_INPUT, "privacy.k must be at least 1", "run", "--set", "coopdistill.privacy.k=0");
    assertRefused(Main.BAD_INPUT, "unknown method 'magic'", "run", "--set", "scenario.methods=[baseline, magic]");
    assertRefused(Main.BAD_INPUT, "scenario.seeds must be ≥ 1", "run", "--seeds", "0");
    assertRefused(Main.BAD_INPUT, "scenario.scale must be one of", "run", "fashion-mnist-ten", "--set", "scenario.scale=huge");
  }

  @Test
  void aMissingDataDirectorySaysHowToGetTheData() {
    assertRefused(Main.NO_DATA, "apt-get install -y dataset-fashion-mnist", "run", "fashion-mnist-ten",
        "--set", "coopdistill.data.fashion-mnist-dir=" + temp.resolve("nowhere"));
    assertRefused(Main.NO_DATA, "coopdistill.data.heart-disease.dir", "run", "heart-disease-trees",
        "--set", "coopdistill.data.heart-disease.dir=" + temp.resolve("nowhere"));
  }

  @Test
  void listNamesEveryScenarioWithItsDescription() {
    Cli cli = Cli.run("list");
    assertEquals(0, cli.status());
    for (String s : new String[] {"quickstart", "heart-disease-trees", "heart-disease-mixed", "german-credit-overlap",
        "fashion-mnist-ten", "cross-architecture"}) {
      assertTrue(cli.out().contains(s), s + " missing from: " + cli.out());
    }
    assertTrue(cli.out().contains("Experiment 5"));
  }

  @Test
  void reportOfADirectoryWithoutResultsIsRefused() {
    Cli cli = Cli.run("report", temp.toString());
    assertEquals(Main.BAD_INPUT, cli.status());
    assertTrue(cli.err().contains("holds no run (no results.json, no run.json)"), cli.err());
  }
}
