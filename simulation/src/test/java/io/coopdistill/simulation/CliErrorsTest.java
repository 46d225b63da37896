package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.simulation.scenario.ScenarioConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input ends with a message saying what to do, a non-zero status, and nothing in the run
 * directory.
 */
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
    assertRefused(
        Main.BAD_INPUT,
        "--set coopdistill.distillation.pair-budgett: unknown key",
        "run",
        "--set",
        "coopdistill.distillation.pair-budgett=3");
    assertRefused(Main.BAD_INPUT, "unknown key", "run", "--set", "java.home=/tmp");
  }

  @Test
  void aValueOfTheWrongTypeOrRangeIsNamed() {
    assertRefused(
        Main.BAD_INPUT, "--set scenario.seeds: bad value", "run", "--set", "scenario.seeds=many");
    assertRefused(
        Main.BAD_INPUT,
        "--set scenario.seeds: bad value 2.5",
        "run",
        "--set",
        "scenario.seeds=2.5");
    assertRefused(
        Main.BAD_INPUT,
        "pair-budget must be ≥ 0",
        "run",
        "--set",
        "coopdistill.distillation.pair-budget=-1");
    assertRefused(
        Main.BAD_INPUT,
        "focus must be deficiencies or all-correct",
        "run",
        "--set",
        "coopdistill.distillation.focus=some");
    assertRefused(
        Main.BAD_INPUT,
        "guard must be one of [none, floor, anchor-mean, dp-anchor]",
        "run",
        "--set",
        "coopdistill.privacy.guard=some");
    assertRefused(
        Main.BAD_INPUT,
        "guard 'k-anonymous' is now called 'anchor-mean'",
        "run",
        "--set",
        "coopdistill.privacy.guard=k-anonymous");
    assertRefused(
        Main.BAD_INPUT, "privacy.k must be at least 1", "run", "--set", "coopdistill.privacy.k=0");
    assertRefused(
        Main.BAD_INPUT,
        "k-rows must be one of [nearest, local, random]",
        "run",
        "--set",
        "coopdistill.privacy.k-rows=far");
    assertRefused(
        Main.BAD_INPUT,
        "privacy.dp-anchor.epsilon must be positive, got 0.0",
        "run",
        "--set",
        "coopdistill.privacy.dp-anchor.epsilon=0");
    assertRefused(
        Main.BAD_INPUT,
        "floor-margin must be in [0, 10], got 11",
        "run",
        "--set",
        "coopdistill.privacy.floor-margin=11");
    assertRefused(
        Main.BAD_INPUT,
        "unknown method 'magic'",
        "run",
        "--set",
        "scenario.methods=[baseline, magic]");
    assertRefused(Main.BAD_INPUT, "scenario.seeds must be ≥ 1", "run", "--seeds", "0");
    assertRefused(
        Main.BAD_INPUT,
        "scenario.scale must be one of",
        "run",
        "fashion-mnist-ten",
        "--set",
        "scenario.scale=huge");
  }

  @Test
  void aMissingDataDirectorySaysHowToGetTheData() {
    assertRefused(
        Main.NO_DATA,
        "apt-get install -y dataset-fashion-mnist",
        "run",
        "fashion-mnist-ten",
        "--set",
        "coopdistill.data.fashion-mnist-dir=" + temp.resolve("nowhere"));
    assertRefused(
        Main.NO_DATA,
        "coopdistill.data.heart-disease.dir",
        "run",
        "heart-disease-trees",
        "--set",
        "coopdistill.data.heart-disease.dir=" + temp.resolve("nowhere"));
  }

  @Test
  void listNamesEveryScenarioWithItsDescription() {
    Cli cli = Cli.run("list");
    assertEquals(0, cli.status());
    for (String s :
        new String[] {
          "quickstart",
          "heart-disease-trees",
          "heart-disease-mixed",
          "german-credit-overlap",
          "fashion-mnist-ten",
          "cross-architecture"
        }) {
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

  /** A run of a few seconds: two CART baselines on generated data. */
  private static final String[] TINY = {
    "run",
    "quickstart",
    "--no-progress",
    "--set",
    "scenario.seeds=1",
    "--set",
    "scenario.methods=[baseline]",
    "--set",
    "scenario.agents=2",
    "--set",
    "scenario.rows-per-agent=60",
    "--set",
    "scenario.test-rows=60"
  };

  private static Cli tinyRun(Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of(TINY));
    args.addAll(List.of("--out", dir.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void everyCommandTakesHelpAndListsTheExitStatus() {
    for (String command : List.of("run", "list", "report", "node")) {
      for (Cli help : List.of(Cli.run(command, "--help"), Cli.run("help", command))) {
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().startsWith("Usage: coopdistill " + command), help.out());
        assertTrue(
            help.out().contains("Exit status:") && help.out().contains("3   data error"),
            help.out());
      }
    }
    Cli top = Cli.run("help");
    assertEquals(0, top.status());
    assertTrue(top.out().contains("Exit status:") && top.out().contains("report"), top.out());
  }

  @Test
  void aBadOptionIsOneErrorLine() {
    Cli cli = Cli.run("run", "--no-such-option");
    assertEquals(Main.BAD_INPUT, cli.status());
    assertEquals(
        "error: Unknown option: '--no-such-option' (see coopdistill run --help)",
        cli.err().strip());
  }

  @Test
  void aMalformedDataFileIsOneErrorLineNamingFileLineAndColumn() throws IOException {
    Path data = temp.resolve("heart");
    Files.createDirectories(data);
    Path shared =
        Path.of(
            ScenarioConfig.load("heart-disease-trees", List.of())
                .root()
                .getString("coopdistill.data.heart-disease.dir"));
    try (Stream<Path> files = Files.list(shared)) {
      for (Path f : files.toList()) Files.copy(f, data.resolve(f.getFileName()));
    }
    Path va = data.resolve("processed.va.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(va));
    lines.set(2, lines.get(2).replaceFirst("^44,", "forty-four,"));
    Files.write(va, lines);
    String set = "coopdistill.data.heart-disease.dir=" + data;
    assertRefused(
        Main.NO_DATA,
        "error: " + va + ", line 3, column 1: column 'age' is numeric but holds 'forty-four'",
        "run",
        "heart-disease-trees",
        "--set",
        set);
    Cli cli =
        Cli.run(
            "run", "heart-disease-trees", "--set", set, "--out", temp.resolve("run").toString());
    assertEquals(1, cli.err().strip().lines().count(), "one line, no stack trace: " + cli.err());
    Cli verbose =
        Cli.run(
            "run",
            "heart-disease-trees",
            "--set",
            set,
            "--out",
            temp.resolve("run").toString(),
            "--verbose");
    assertEquals(Main.NO_DATA, verbose.status());
    assertTrue(
        verbose.err().contains("at io.coopdistill.learners.data."),
        "--verbose prints the stack trace: " + verbose.err());
  }

  @Test
  void aSiteOfOneClassIsADataErrorFoundBeforeTraining() {
    // Two classes, and agent k loses all of its class k rows: agent 0 holds rows of class 1 only.
    assertRefused(
        Main.NO_DATA,
        "site agent-0 (seed 0) cannot train",
        "run",
        "quickstart",
        "--set",
        "scenario.classes=2",
        "--set",
        "scenario.undersample-fraction=1");
  }

  @Test
  void aClusterRunWithoutSeedNodesWritesNothing() {
    assertRefused(
        Main.BAD_INPUT,
        "needs coopdistill.cluster.seed-nodes (--seed-nodes)",
        "run",
        "heart-disease-trees",
        "--cluster",
        "--seeds",
        "1");
  }

  @Test
  void aRunDirectoryThatCannotBeCreatedSaysWhy() throws IOException {
    Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
    Cli cli = tinyRun(file.resolve("run"));
    assertEquals(Main.BAD_INPUT, cli.status(), cli.err());
    assertTrue(
        cli.err().contains("cannot create run directory " + file.resolve("run") + ": "), cli.err());
    String reason =
        cli.err()
            .substring(
                cli.err().indexOf(file.resolve("run") + ": ")
                    + (file.resolve("run") + ": ").length())
            .strip();
    assertFalse(
        reason.startsWith(file.toString()),
        "the operating system's reason, not the path again: " + reason);
  }

  @Test
  void aNonEmptyFolderThatHoldsNoRunIsRefusedUnlessForced() throws IOException {
    Path dir = temp.resolve("thesis");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("chapter-1.tex"), "mine");
    Cli refused = tinyRun(dir);
    assertEquals(Main.BAD_INPUT, refused.status(), refused.err());
    assertTrue(
        refused.err().contains("is not empty and holds no run")
            && refused.err().contains("--force"),
        refused.err());
    try (Stream<Path> entries = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("chapter-1.tex")), entries.toList(), "nothing written");
    }
    Cli forced = tinyRun(dir, "--force");
    assertEquals(0, forced.status(), forced.err());
    assertTrue(Files.isRegularFile(dir.resolve("results.json")));
    assertEquals("mine", Files.readString(dir.resolve("chapter-1.tex")));
    assertEquals(0, tinyRun(dir).status(), "a folder that holds a run is resumed without --force");
  }

  @Test
  void aRuntimeErrorIsOneLineWithTheSystemsReasonAndItsStackTraceGoesToTheLog() throws IOException {
    Path dir = temp.resolve("blocked");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("checkpoints"), "a file where the run keeps its checkpoints");
    Cli cli = tinyRun(dir, "--force");
    assertEquals(Main.RUNTIME_ERROR, cli.status(), cli.err());
    assertEquals(1, cli.err().strip().lines().count(), cli.err());
    assertTrue(
        cli.err().startsWith("error: cannot write " + dir.resolve("checkpoints"))
            && cli.err().contains(": Not a directory: "),
        cli.err());
    String log = Files.readString(dir.resolve("coopdistill.log"));
    assertTrue(
        log.contains("the run failed")
            && log.contains("java.io.UncheckedIOException")
            && log.contains("\tat io.coopdistill."),
        "the stack trace is in the log: " + log);
  }

  /**
   * Another process holds the run directory's lock: a second run is refused; once that process is
   * killed, its lock file blocks nothing.
   */
  @Test
  void aRunDirectoryInUseIsRefusedAndAKilledRunsLockIsNot() throws Exception {
    Path dir = temp.resolve("shared");
    Files.createDirectories(dir);
    Path holder =
        Files.writeString(
            temp.resolve("HoldLock.java"),
            String.join(
                "\n",
                "import java.nio.ByteBuffer; import java.nio.channels.FileChannel; import java.nio.file.*;",
                "public class HoldLock { public static void main(String[] a) throws Exception {",
                "  FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);",
                "  c.lock(); c.write(ByteBuffer.wrap((ProcessHandle.current().pid() + \"\\n\").getBytes()));",
                "  System.out.println(\"locked\"); System.out.flush(); Thread.sleep(600_000); } }"));
    String java = ProcessHandle.current().info().command().orElse("java");
    Process other =
        new ProcessBuilder(java, holder.toString(), dir.resolve("run.lock").toString())
            .redirectErrorStream(true)
            .start();
    try {
      assertEquals(
          "locked",
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))
              .readLine());
      Cli refused = tinyRun(dir);
      assertEquals(Main.BAD_INPUT, refused.status(), refused.err());
      assertTrue(
          refused.err().contains(dir + " is in use by another run (process " + other.pid() + ")"),
          refused.err());
      try (Stream<Path> entries = Files.list(dir)) {
        assertEquals(List.of(dir.resolve("run.lock")), entries.toList(), "nothing written");
      }
    } finally {
      other.destroyForcibly().waitFor();
    }
    Cli after = tinyRun(dir);
    assertEquals(0, after.status(), "a dead process's lock does not block: " + after.err());
  }
}
