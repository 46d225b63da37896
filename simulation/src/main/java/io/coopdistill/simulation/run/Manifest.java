package io.coopdistill.simulation.run;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * DIR/run.json: what a run directory holds (scenario, effective configuration), when it was started
 * and from which code (the git commit when the run started, "+modified" if the code or conf/
 * differed from it). A resumed run must have the same configuration (wherever the checkout is: the
 * recorded configuration holds paths relative to it), or its checkpoints would mix two runs; it may
 * run newer code, so each unit records {@code runningCommit}, the code of this invocation. Only the
 * keys that tune the machine and not the results ({@link #MACHINE_TUNING}: memory limits, thread
 * pools, the bench's sizes, how progress is shown) may differ, so that a run killed for memory
 * resumes with more; run.json and results.json keep the values the run started with.
 */
record Manifest(
    String scenario, JsonNode config, Instant started, String gitCommit, String runningCommit) {
  static final String FILE = "run.json";

  /** Subtrees of {@code coopdistill} that a resumed run may change (dotted paths below it). */
  static final List<String> MACHINE_TUNING =
      List.of("nd4j", "dispatchers", "bench", "simulation.progress");

  static Manifest openOrCreate(Path dir, Plan plan) {
    Path file = dir.resolve(FILE);
    String running = Results.gitCommit(Path.of(plan.config().root().getString("coopdistill.root")));
    Manifest wanted =
        new Manifest(
            plan.config().name(), Results.effectiveConfig(plan), Instant.now(), running, running);
    if (!Files.isRegularFile(file)) {
      ObjectNode n = Json.object();
      n.put("scenario", wanted.scenario);
      n.put("started", wanted.started.toString());
      n.put("git_commit", wanted.gitCommit);
      n.set("config", wanted.config);
      Json.write(file, n);
      return wanted;
    }
    Manifest recorded = read(dir, running);
    if (!recorded.scenario.equals(wanted.scenario)
        || !resultsConfig(recorded.config).equals(resultsConfig(wanted.config))) {
      throw new IllegalArgumentException(
          dir
              + " holds a run of another scenario or configuration (see "
              + file
              + "); choose another --out to start a new run, or repeat that run's command to resume it");
    }
    return recorded;
  }

  /** {@code config} without the {@link #MACHINE_TUNING} subtrees: what decides a run's results. */
  private static JsonNode resultsConfig(JsonNode config) {
    ObjectNode copy = config.deepCopy();
    for (String path : MACHINE_TUNING) {
      JsonPointer key = JsonPointer.compile("/coopdistill/" + path.replace('.', '/'));
      if (copy.at(key.head()) instanceof ObjectNode parent)
        parent.remove(key.last().getMatchingProperty());
    }
    return copy;
  }

  /** The run recorded in {@code dir}, to be continued (or looked at) by code {@code running}. */
  static Manifest read(Path dir, String running) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file))
      throw new IllegalArgumentException(
          dir
              + " holds no run (no results.json, no "
              + FILE
              + "): give the --out directory of a run");
    JsonNode n = Json.read(file);
    return new Manifest(
        n.get("scenario").asText(),
        n.get("config"),
        Instant.parse(n.get("started").asText()),
        n.hasNonNull("git_commit") ? n.get("git_commit").asText() : "unknown",
        running);
  }

  /**
   * Whether {@code dir} holds a run (its run.json), which must then be a run of the plan's scenario
   * and configuration; writes nothing, so a run directory is checked before a run writes to it.
   */
  static boolean holdsRun(Path dir, Plan plan) {
    if (!Files.isRegularFile(dir.resolve(FILE))) return false;
    openOrCreate(dir, plan); // with run.json present, it only reads and compares
    return true;
  }
}
