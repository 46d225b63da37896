package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.model.ModelCheckpoints;
import io.coopdistill.simulation.methods.Method;
import io.coopdistill.simulation.methods.MethodOutcome;
import io.coopdistill.simulation.methods.TrialBaselines;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Trial;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan unit by unit (a method on a seed), checkpointing each finished unit under
 * {@code DIR/checkpoints} so that the same command after a kill continues where it stopped and gives
 * the same results; then writes results.json. Within an unfinished seed, the models trained so far
 * (baselines, retrained students, pooled models) are kept under {@code DIR/checkpoints/models}, so
 * that a kill in the middle of a round loses only the model being trained and the round's search.
 */
public final class SimulationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SimulationRunner.class);
  static final String ILLUSTRATION = "illustration.json";
  /** A finished run's results, in DIR. */
  public static final String RESULTS = "results.json";
  /** Where an unfinished run's report goes, so that DIR/results.json keeps meaning a finished run. */
  public static final String PARTIAL = "partial";
  static final String CHECKPOINT_MODELS = "coopdistill.simulation.checkpoint-models";

  /**
   * @param progress       where progress bars go, or null for none
   * @param stopAfterUnits stop (as if killed) after this many newly run units; 0 = run to the end
   */
  public record Settings(Path dir, PrintStream progress, int stopAfterUnits) {}

  /** Thrown when {@code stopAfterUnits} is reached. */
  public static final class Stopped extends RuntimeException {
    Stopped(int units) { super("stopped after " + units + " units, as asked"); }
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
    try (ProgressBars bars = new ProgressBars(settings.progress())) {
      for (long seed : plan.seeds()) {
        Trial trial = null;
        for (Method method : inRunOrder(plan.methods())) {
          Optional<UnitResult> done = checkpointed(method, seed, manifest);
          UnitResult unit;
          if (done.isPresent()) {
            unit = done.get();
            if (unit.distillation() != null) {
              plan.baselines().record(seed, unit.distillation().baselineAccuracy(), unit.distillation().baselineBalancedAccuracy(), List.of());
            }
          } else {
            if (trial == null) trial = trial(seed);
            unit = runUnit(method, trial, bars.forUnit(seed, method.name()), manifest.runningCommit());
            bars.close();
            Json.write(unitFile(method.name(), seed), unit.toJson());
            countUnit();
          }
          units.add(unit);
        }
        if (seed == plan.seeds().get(0)) {
          illustration = illustration(seed, trial, bars.forUnit(seed, "illustration"));
          bars.close();
        }
        deleteModels(seed);
      }
    }
    ObjectNode results = Results.build(plan, manifest, units, illustration);
    Json.write(settings.dir().resolve(RESULTS), results);
    return results;
  }

  /**
   * For the run recorded in {@code dir} (its run.json), still going or stopped: results.json's content
   * for the seeds on which every method has finished, marked {@code partial}, also written to
   * {@code dir/partial}. Empty when no seed has finished.
   */
  public static Optional<ObjectNode> finishedSeeds(Path dir) {
    Manifest manifest = Manifest.read(dir, "unknown");
    Config effective = ConfigFactory.parseString(manifest.config().toString());
    Plan plan = Plan.of(ScenarioConfig.recorded(manifest.scenario(), effective));
    return new SimulationRunner(plan, new Settings(dir, null, 0)).finishedSeeds(manifest);
  }

  private Optional<ObjectNode> finishedSeeds(Manifest manifest) {
    List<UnitResult> units = new ArrayList<>();
    List<Long> finished = new ArrayList<>();
    for (long seed : plan.seeds()) {
      List<UnitResult> ofSeed = inRunOrder(plan.methods()).stream().flatMap(m -> checkpointed(m, seed, manifest).stream()).toList();
      if (ofSeed.size() < plan.methods().size()) continue;
      finished.add(seed);
      units.addAll(ofSeed);
    }
    if (finished.isEmpty()) return Optional.empty();
    ObjectNode results = Results.build(plan.withSeeds(finished), manifest, units, checkpointedIllustration().orElse(null));
    results.putObject("partial").put("seeds_finished", finished.size()).put("seeds_planned", plan.seeds().size());
    Json.write(settings.dir().resolve(PARTIAL).resolve(RESULTS), results);
    return Optional.of(results);
  }

  /** The unit's checkpoint, if it has finished; one written before units recorded their commit gets the run's first. */
  private Optional<UnitResult> checkpointed(Method method, long seed, Manifest manifest) {
    Path file = unitFile(method.name(), seed);
    return Files.isRegularFile(file) ? Optional.of(UnitResult.fromJson(Json.read(file), manifest.gitCommit())) : Optional.empty();
  }

  private Optional<JsonNode> checkpointedIllustration() {
    Path file = checkpoints.resolve(ILLUSTRATION);
    return Files.isRegularFile(file) ? Optional.of(Json.read(file)) : Optional.empty();
  }

  /** The baseline last, so that it can reuse a cooperative round's baseline of the same trial. */
  private static List<Method> inRunOrder(List<Method> methods) {
    return methods.stream().sorted(Comparator.comparing(m -> m.name().equals("baseline"))).toList();
  }

  private UnitResult runUnit(Method method, Trial trial, RoundPhase.Listener progress, String commit) {
    Optional<String> notApplicable = method.notApplicable(trial);
    if (notApplicable.isPresent()) {
      LOG.info("seed {} {}: not applicable ({})", trial.seed(), method.name(), notApplicable.get());
      return new UnitResult(method.name(), trial.seed(), notApplicable.get(), new double[0], new double[0], null, List.of(), 0, commit);
    }
    long start = System.nanoTime();
    MethodOutcome outcome = method.run(trial, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("seed {} {}: accuracy {} in {} s", trial.seed(), method.name(), outcome.accuracy(), String.format("%.1f", seconds));
    return new UnitResult(method.name(), trial.seed(), null, outcome.accuracy(), outcome.balancedAccuracy(), outcome.distillation(),
        outcome.laterRounds(), seconds, commit);
  }

  /** The sample of counterfactuals for Figs. 4 and 6, from the first seed's baseline models; null when disabled. */
  private JsonNode illustration(long seed, Trial knownTrial, RoundPhase.Listener progress) {
    Optional<JsonNode> done = checkpointedIllustration();
    if (done.isPresent()) return done.get();
    if (plan.config().root().getInt(Illustration.PATH + ".rows-per-pair") == 0) return null;
    Trial trial = knownTrial != null ? knownTrial : trial(seed);
    if (trial.participants().size() < 2) return null;
    TrialBaselines.Baseline baseline = plan.baselines().of(seed).filter(b -> !b.models().isEmpty())
        .orElseGet(() -> plan.baselines().train(trial, progress));
    ObjectNode sample = Illustration.sample(trial, baseline.models(), baseline.accuracy(), plan.config().root(), progress);
    Json.write(checkpoints.resolve(ILLUSTRATION), sample);
    countUnit();
    return sample;
  }

  /** The seed's trial, keeping the models it trains until the seed is finished, when so configured. */
  private Trial trial(long seed) {
    Trial trial = plan.scenario().trial(seed);
    return plan.config().root().getBoolean(CHECKPOINT_MODELS) ? trial.withModels(ModelCheckpoints.in(modelsDir(seed))) : trial;
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
    if (settings.stopAfterUnits() > 0 && ranUnits >= settings.stopAfterUnits()) throw new Stopped(ranUnits);
  }

  private Path unitFile(String method, long seed) {
    return checkpoints.resolve(method).resolve("seed-" + seed + ".json");
  }
}
