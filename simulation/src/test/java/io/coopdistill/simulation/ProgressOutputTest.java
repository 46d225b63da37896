package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `run` prints into a file (`> log 2>&1`) and with --quiet. */
class ProgressOutputTest {
  @TempDir Path temp;

  /**
   * A run of a few seconds: two CART agents on generated data, their baseline and one cooperative
   * round.
   */
  private List<String> tiny(Path dir, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "quickstart",
                "--out",
                dir.toString(),
                "--set",
                "scenario.seeds=1",
                "--set",
                "scenario.methods=[baseline,cooperative]",
                "--set",
                "scenario.agents=2",
                "--set",
                "scenario.rows-per-agent=60",
                "--set",
                "scenario.test-rows=60"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void intoAFileProgressIsPlainLinesAndTheSummaryStartsItsOwnLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(bytes, true, StandardCharsets.UTF_8); // as `> log 2>&1`
    int status =
        Main.execute(
            tiny(temp.resolve("run"), "--set", "coopdistill.simulation.progress.style=lines")
                .toArray(String[]::new),
            both,
            both);
    String log = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, log);
    assertFalse(log.contains("\r"), "a carriage return in: " + log);
    List<String> lines = log.lines().toList();
    assertTrue(
        lines.stream()
            .anyMatch(
                l -> l.matches("seed 0 cooperative: counterfactuals \\d+/\\d+ in \\d+\\.\\d s")),
        log);
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("seed 0 baseline: baseline-training ")), log);
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("median accuracy ")),
        "the summary table starts its own line: " + log);
  }

  @Test
  void quietPrintsOnlyTheSummary() {
    Cli cli = Cli.run(tiny(temp.resolve("run"), "--quiet").toArray(String[]::new));
    assertEquals(0, cli.status(), cli.err());
    assertEquals("", cli.err());
    assertTrue(cli.out().startsWith("median accuracy "), cli.out());
    assertEquals(
        4,
        cli.out().lines().filter(l -> !l.isBlank()).count(),
        "the summary's header, two methods and where the results are: " + cli.out());
  }

  @Test
  void aResumedRunMayShowItsProgressOtherwise() {
    Path dir = temp.resolve("run");
    assertEquals(
        1,
        Cli.run(tiny(dir, "--no-progress", "--stop-after", "1").toArray(String[]::new)).status());
    Cli resumed =
        Cli.run(
            tiny(
                    dir,
                    "--set",
                    "coopdistill.simulation.progress.style=lines",
                    "--set",
                    "coopdistill.simulation.progress.interval=1s")
                .toArray(String[]::new));
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.err().contains("seed 0 cooperative: "), resumed.err());
  }

  @Test
  void aBadStyleIsRefusedEvenWhenQuiet() {
    Cli cli =
        Cli.run(
            tiny(
                    temp.resolve("run"),
                    "--quiet",
                    "--set",
                    "coopdistill.simulation.progress.style=fancy")
                .toArray(String[]::new));
    assertEquals(Main.BAD_INPUT, cli.status());
    assertTrue(
        cli.err()
            .contains(
                "coopdistill.simulation.progress.style must be one of [auto, bars, lines, none], got 'fancy'"),
        cli.err());
  }
}
