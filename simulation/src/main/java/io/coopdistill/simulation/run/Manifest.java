package io.coopdistill.simulation.run;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DIR/run.json: what a run directory holds (scenario, effective configuration), when it was started
 * and from which code (the git commit when the run started, "+modified" if the code or conf/
 * differed from it). A resumed run must have the same configuration (wherever the checkout is: the
 * recorded configuration holds paths relative to it), or its checkpoints would mix two runs; it may
 * run newer code, so each unit records {@code runningCommit}, the code of this invocation. Only the
 * keys that tune the machine and not the results ({@link #MACHINE_TUNING}: memory limits, thread
 * pools, the bench's sizes, how progress is shown) may differ, so that a run killed for memory
 * resumes with more; run.json and results.json keep the values the run started with. A run may also
 * go on with more seeds or more methods ({@link #EXTENT}): its finished units are its checkpoints
 * per (method, seed), whatever else the run covers, so they are kept and run.json records the
 * larger run.
 */
record Manifest(
    String scenario, JsonNode config, Instant started, String gitCommit, String runningCommit) {
  static final String FILE = "run.json";
  private static final Logger LOG = LoggerFactory.getLogger(Manifest.class);

  /** Subtrees of {@code coopdistill} that a resumed run may change (dotted paths below it). */
  static final List<String> MACHINE_TUNING =
      List.of("nd4j", "dispatchers", "bench", "simulation.progress");

  /**
   * Keys of {@code scenario} that say how much a run covers, not what a unit computes: a run goes
   * on with these or more seeds (after {@code first-seed}) and methods.
   */
  static final List<String> EXTENT = List.of("seeds", "methods");

  static Manifest openOrCreate(Path dir, Plan plan) {
    Manifest wanted = wanted(plan);
    if (!Files.isRegularFile(dir.resolve(FILE))) return wanted.writeTo(dir);
    Manifest recorded = read(dir, wanted.runningCommit);
    requireContinuable(dir, recorded, wanted);
    if (extent(recorded.config).equals(extent(wanted.config))) return recorded;
    // More seeds or methods: the recorded configuration (its machine tuning included) with the new
    // extent, under the run's start and commit.
    ObjectNode grown = recorded.config.deepCopy();
    ObjectNode scenario = (ObjectNode) grown.get("scenario");
    for (String key : EXTENT) scenario.set(key, wanted.config.get("scenario").get(key));
    LOG.info(
        "{}: the run goes on with seeds {} and methods {} (it had seeds {} and methods {})",
        dir,
        seeds(grown),
        methods(grown),
        seeds(recorded.config),
        methods(recorded.config));
    return new Manifest(
            recorded.scenario, grown, recorded.started, recorded.gitCommit, wanted.runningCommit)
        .writeTo(dir);
  }

  /** The run {@code plan} asks for, started now by the code here. */
  private static Manifest wanted(Plan plan) {
    String running = Results.gitCommit(Path.of(plan.config().root().getString("coopdistill.root")));
    return new Manifest(
        plan.config().name(), Results.effectiveConfig(plan), Instant.now(), running, running);
  }

  private Manifest writeTo(Path dir) {
    ObjectNode n = Json.object();
    n.put("scenario", scenario);
    n.put("started", started.toString());
    n.put("git_commit", gitCommit);
    n.set("config", config);
    Json.write(dir.resolve(FILE), n);
    return this;
  }

  /**
   * The recorded run may go on as {@code wanted}: the same scenario and results configuration, and
   * at least its seeds and methods.
   */
  private static void requireContinuable(Path dir, Manifest recorded, Manifest wanted) {
    if (!recorded.scenario.equals(wanted.scenario)
        || !resultsConfig(recorded.config).equals(resultsConfig(wanted.config))) {
      throw new IllegalArgumentException(
          dir
              + " holds a run of another scenario or configuration (see "
              + dir.resolve(FILE)
              + "); choose another --out to start a new run, or repeat that run's command to resume it");
    }
    List<Long> seeds = seeds(recorded.config);
    List<String> methods = methods(recorded.config);
    if (!seeds(wanted.config).containsAll(seeds) || !methods(wanted.config).containsAll(methods)) {
      throw new IllegalArgumentException(
          dir
              + " holds a run of seeds "
              + seeds
              + " with methods "
              + methods
              + ": it goes on with all of them, or with more (--seeds, scenario.methods), not fewer;"
              + " choose another --out for a smaller run, or `./coopdistill report` for the seeds"
              + " finished so far");
    }
  }

  /** The part of {@code config} that {@link #EXTENT} names. */
  private static JsonNode extent(JsonNode config) {
    ObjectNode e = Json.object();
    for (String key : EXTENT) e.set(key, config.get("scenario").get(key));
    return e;
  }

  private static List<Long> seeds(JsonNode config) {
    JsonNode scenario = config.get("scenario");
    long first = scenario.path("first-seed").asLong(0);
    return LongStream.range(first, first + scenario.get("seeds").asLong()).boxed().toList();
  }

  private static List<String> methods(JsonNode config) {
    List<String> names = new ArrayList<>();
    config.get("scenario").get("methods").forEach(m -> names.add(m.asText()));
    return names;
  }

  /**
   * {@code config} without the {@link #MACHINE_TUNING} subtrees and the {@link #EXTENT}: what
   * decides a unit's results.
   */
  private static JsonNode resultsConfig(JsonNode config) {
    ObjectNode copy = config.deepCopy();
    ((ObjectNode) copy.get("scenario")).remove(EXTENT);
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
    Manifest wanted = wanted(plan);
    requireContinuable(dir, read(dir, wanted.runningCommit), wanted);
    return true;
  }
}
