package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.methods.Method;
import io.coopdistill.simulation.methods.MethodOutcome;
import io.coopdistill.simulation.methods.TrialRun;
import io.coopdistill.simulation.scenario.ModelCheckpoints;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Trial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan unit by unit (a method on a seed), checkpointing each finished unit under {@code
 * DIR/checkpoints} so that the same command after a kill continues where it stopped and gives the
 * same results; then writes results.json. Within an unfinished seed, the models trained so far
 * (baselines, retrained students, pooled models) are kept under {@code DIR/checkpoints/models}, so
 * that a kill in the middle of a round loses only the model being trained and the round's search.
 */
public final class SimulationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SimulationRunner.class);
  static final String ILLUSTRATION = "illustration.json";

  /** A finished run's results, in DIR. */
  public static final String RESULTS = "results.json";

  /**
   * Where an unfinished run's report goes, so that DIR/results.json keeps meaning a finished run.
   */
  public static final String PARTIAL = "partial";

  /**
   * Beside a results.json: the illustration's source rows, which are private rows of a site, with
   * their virtual instances, for the charts that compare them (Figs. 4 and 6). Not to be published.
   */
  public static final String PRIVATE_ILLUSTRATION = "private-illustration.json";

  static final String CHECKPOINT_MODELS = "coopdistill.simulation.checkpoint-models";

  /**
   * @param progress how progress is shown ({@link Progress#NONE}: not at all)
   * @param stopAfterUnits stop (as if killed) after this many newly run units; 0 = run to the end
   */
  public record Settings(Path dir, Progress progress, int stopAfterUnits) {
    public Settings {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(progress, "progress");
    }
  }

  /** Thrown when {@code stopAfterUnits} is reached. */
  public static final class Stopped extends RuntimeException {
    Stopped(int units) {
      super("stopped after " + units + " units, as asked");
    }
  }

  private final Plan plan;
  private final Settings settings;
  private final Path checkpoints;
  private int ranUnits;

  public SimulationRunner(Plan plan, Settings settings) {
    this.plan = plan;
    this.settings = settings;
    this.checkpoints = settings.dir().resolve("checkpoints");
  }

  /** Runs what is not checkpointed yet and returns results.json's content (also written to DIR). */
  public JsonNode run() {
    Manifest manifest = Manifest.openOrCreate(settings.dir(), plan);
    List<UnitResult> units = new ArrayList<>();
    JsonNode illustration = null;
    try (ProgressDisplay display = settings.progress().display()) {
      for (long seed : plan.seeds()) {
        Map<Method, Optional<UnitResult>> done = new LinkedHashMap<>();
        for (Method method : plan.methods()) done.put(method, checkpointed(method, seed, manifest));
        // A checkpointed round's baseline is the trial's: the baseline need not train again.
        TrialRun.Baseline known =
            TrialRun.checkpointed(
                    done.values().stream()
                        .flatMap(Optional::stream)
                        .map(UnitResult::distillation)
                        .filter(Objects::nonNull))
                .orElse(null);
        TrialRun trial = null;
        for (Method method : plan.methods()) {
          UnitResult unit;
          if (done.get(method).isPresent()) {
            unit = done.get(method).get();
          } else {
            if (trial == null)
              trial = TrialRun.of(trial(seed), plan.config().root(), plan.methods(), known);
            unit =
                runUnit(
                    method, trial, display.forUnit(seed, method.name()), manifest.runningCommit());
            display.close();
            Json.write(unitFile(method.name(), seed), unit.toJson());
            countUnit();
          }
          units.add(unit);
        }
        if (seed == plan.seeds().get(0)) {
          illustration = illustration(seed, trial, display.forUnit(seed, "illustration"));
          display.close();
        }
        deleteModels(seed);
      }
    }
    ObjectNode results = Results.build(plan, manifest, units, illustration);
    writeResults(settings.dir(), results, illustration, units);
    return results;
  }

  /**
   * For the run recorded in {@code dir} (its run.json), still going or stopped: results.json's
   * content for the seeds on which every method has finished, marked {@code partial}, also written
   * to {@code dir/partial}. Empty when no seed has finished.
   */
  public static Optional<ObjectNode> finishedSeeds(Path dir) {
    Manifest manifest = Manifest.read(dir, "unknown");
    Config effective = ConfigFactory.parseString(manifest.config().toString());
    Plan plan = Plan.of(ScenarioConfig.recorded(manifest.scenario(), effective));
    return new SimulationRunner(plan, new Settings(dir, Progress.NONE, 0)).finishedSeeds(manifest);
  }

  private Optional<ObjectNode> finishedSeeds(Manifest manifest) {
    List<UnitResult> units = new ArrayList<>();
    List<Long> finished = new ArrayList<>();
    for (long seed : plan.seeds()) {
      List<UnitResult> ofSeed =
          plan.methods().stream().flatMap(m -> checkpointed(m, seed, manifest).stream()).toList();
      if (ofSeed.size() < plan.methods().size()) continue;
      finished.add(seed);
      units.addAll(ofSeed);
    }
    if (finished.isEmpty()) return Optional.empty();
    JsonNode illustration = checkpointedIllustration().orElse(null);
    ObjectNode results = Results.build(plan.withSeeds(finished), manifest, units, illustration);
    results
        .putObject("partial")
        .put("seeds_finished", finished.size())
        .put("seeds_planned", plan.seeds().size());
    writeResults(settings.dir().resolve(PARTIAL), results, illustration, units);
    return Optional.of(results);
  }

  /**
   * The illustration with its source rows, from {@code dir} beside {@code results}, if it is there
   * and is the sample of those results (a warning if it is another's): for the charts that compare
   * virtual instances with their rows.
   */
  public static Optional<JsonNode> privateIllustration(Path dir, JsonNode results) {
    Path file = dir.resolve(PRIVATE_ILLUSTRATION);
    JsonNode published = results.get("illustration");
    if (published == null || !Files.isRegularFile(file)) return Optional.empty();
    JsonNode sample = Json.read(file);
    // As text: results in memory hold floats, a file read back doubles of the same digits.
    if (Illustration.withoutPrivateRows(sample).toString().equals(published.toString()))
      return Optional.of(sample);
    LOG.warn(
        "{} is not the sample of this results.json: the charts of its source rows are left out",
        file);
    return Optional.empty();
  }

  /**
   * results.json into {@code dir}, after the illustration's private side and the virtual instances
   * the units sent, assembled from their parts in unit order (results.json marks the end).
   */
  private void writeResults(
      Path dir, ObjectNode results, JsonNode illustration, List<UnitResult> units) {
    if (illustration != null) Json.write(dir.resolve(PRIVATE_ILLUSTRATION), illustration);
    // At the paper's volume this takes minutes (a gigabyte of text recompressed): say so.
    long start = System.nanoTime();
    LOG.info("writing {} from the units' parts", dir.resolve(VirtualInstances.FILE));
    VirtualInstances.assemble(
        dir.resolve(VirtualInstances.FILE),
        units.stream().map(u -> VirtualInstances.part(checkpoints, u.method(), u.seed())).toList());
    LOG.info(
        "wrote {} in {} s",
        VirtualInstances.FILE,
        String.format("%.1f", (System.nanoTime() - start) / 1e9));
    Json.write(dir.resolve(RESULTS), results);
  }

  /**
   * The unit's checkpoint, if it has finished; one written before units recorded their commit gets
   * the run's first. A checkpoint that cannot be read (truncated, corrupt, another unit's) is
   * reported and the unit runs again.
   */
  private Optional<UnitResult> checkpointed(Method method, long seed, Manifest manifest) {
    return readCheckpoint(
        unitFile(method.name(), seed),
        json -> {
          UnitResult unit = UnitResult.fromJson(json, manifest.gitCommit());
          if (!unit.method().equals(method.name()) || unit.seed() != seed) {
            throw new IllegalArgumentException(
                "it holds " + unit.method() + " on seed " + unit.seed());
          }
          int agents = plan.scenario().agents().size();
          if (unit.notApplicable() == null && unit.accuracy().length != agents) {
            throw new IllegalArgumentException(
                "it has " + unit.accuracy().length + " accuracies for " + agents + " agents");
          }
          return unit;
        });
  }

  private Optional<JsonNode> checkpointedIllustration() {
    return readCheckpoint(
        checkpoints.resolve(ILLUSTRATION),
        json -> {
          if (!json.path("pairs").isArray()) throw new IllegalArgumentException("it has no pairs");
          return json;
        });
  }

  /**
   * A checkpoint read with {@code parse}; empty when there is none, or (with a warning) when it
   * cannot be read: then it is made again.
   */
  private static <T> Optional<T> readCheckpoint(Path file, Function<JsonNode, T> parse) {
    if (!Files.isRegularFile(file)) return Optional.empty();
    try {
      JsonNode json = Json.read(file);
      if (json.isMissingNode()) throw new IllegalArgumentException("it is empty");
      return Optional.of(parse.apply(json));
    } catch (RuntimeException e) {
      // A missing field surfaces as a NullPointerException, whose message names Java code, not the
      // file.
      String why = e instanceof NullPointerException ? "a field is missing" : e.getMessage();
      LOG.warn("checkpoint {} cannot be read ({}): its unit runs again", file, why);
      return Optional.empty();
    }
  }

  /**
   * Runs the unit and writes its part of the virtual instances, before the caller writes the unit's
   * checkpoint, which marks it finished: a unit run again replaces its part.
   */
  private UnitResult runUnit(
      Method method, TrialRun run, RoundPhase.Listener progress, String commit) {
    Trial trial = run.trial();
    Path part = VirtualInstances.part(checkpoints, method.name(), trial.seed());
    Optional<String> notApplicable = method.notApplicable(trial);
    if (notApplicable.isPresent()) {
      LOG.info("seed {} {}: not applicable ({})", trial.seed(), method.name(), notApplicable.get());
      VirtualInstances.writePart(part, trial, method.name(), List.of());
      return new UnitResult(
          method.name(),
          trial.seed(),
          notApplicable.get(),
          new double[0],
          new double[0],
          null,
          List.of(),
          0,
          commit);
    }
    long start = System.nanoTime();
    MethodOutcome outcome = method.run(run, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info(
        "seed {} {}: accuracy {} in {} s",
        trial.seed(),
        method.name(),
        outcome.accuracy(),
        String.format("%.1f", seconds));
    VirtualInstances.writePart(part, trial, method.name(), outcome.sentLessons());
    return new UnitResult(
        method.name(),
        trial.seed(),
        null,
        outcome.accuracy(),
        outcome.balancedAccuracy(),
        outcome.distillation(),
        outcome.laterRounds(),
        seconds,
        commit);
  }

  /**
   * The sample of counterfactuals for Figs. 4 and 6, from the first seed's baseline models; null
   * when disabled.
   */
  private JsonNode illustration(long seed, TrialRun knownTrial, RoundPhase.Listener progress) {
    Optional<JsonNode> done = checkpointedIllustration();
    if (done.isPresent()) return done.get();
    if (plan.config().root().getInt(Illustration.PATH + ".rows-per-pair") == 0) return null;
    TrialRun run =
        knownTrial != null
            ? knownTrial
            : TrialRun.of(trial(seed), plan.config().root(), plan.methods());
    Trial trial = run.trial();
    if (trial.sites().size() < 2) return null;
    List<Model> models = run.baselineModels(progress);
    ObjectNode sample =
        Illustration.sample(
            trial, models, run.baseline(progress).accuracy(), plan.config().root(), progress);
    Json.write(checkpoints.resolve(ILLUSTRATION), sample);
    countUnit();
    return sample;
  }

  /**
   * The seed's trial, keeping the models it trains until the seed is finished, when so configured.
   */
  private Trial trial(long seed) {
    Trial trial = plan.scenario().trial(seed);
    return plan.config().root().getBoolean(CHECKPOINT_MODELS)
        ? trial.withModels(ModelCheckpoints.in(modelsDir(seed)))
        : trial;
  }

  /** A finished seed's models are not needed again: its units' results are checkpointed. */
  private void deleteModels(long seed) {
    Path dir = modelsDir(seed);
    if (!Files.isDirectory(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(f);
    } catch (IOException e) {
      LOG.warn("cannot delete the finished seed's models in {}: {}", dir, e.toString());
    }
  }

  private Path modelsDir(long seed) {
    return checkpoints.resolve("models").resolve("seed-" + seed);
  }

  private void countUnit() {
    ranUnits++;
    if (settings.stopAfterUnits() > 0 && ranUnits >= settings.stopAfterUnits())
      throw new Stopped(ranUnits);
  }

  private Path unitFile(String method, long seed) {
    return checkpoints.resolve(method).resolve("seed-" + seed + ".json");
  }
}
