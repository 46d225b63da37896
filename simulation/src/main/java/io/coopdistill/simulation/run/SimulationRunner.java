package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.simulation.methods.Method;
import io.coopdistill.simulation.methods.MethodOutcome;
import io.coopdistill.simulation.methods.TrialBaselines;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Trial;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a plan unit by unit (a method on a seed), checkpointing each finished unit under
 * {@code DIR/checkpoints} so that the same command after a kill continues where it stopped and gives
 * the same results; then writes results.json.
 */
public final class SimulationRunner {
  private static final Logger LOG = LoggerFactory.getLogger(SimulationRunner.class);
  static final String ILLUSTRATION = "illustration.json";

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
          Path file = unitFile(method.name(), seed);
          UnitResult unit;
          if (Files.isRegularFile(file)) {
            unit = UnitResult.fromJson(Json.read(file), manifest.gitCommit());
            if (unit.distillation() != null) plan.baselines().record(seed, unit.distillation().baselineAccuracy(), List.of());
          } else {
            if (trial == null) trial = plan.scenario().trial(seed);
            unit = runUnit(method, trial, bars.forUnit(seed, method.name()), manifest.runningCommit());
            bars.close();
            Json.write(file, unit.toJson());
            countUnit();
          }
          units.add(unit);
        }
        if (seed == plan.seeds().get(0)) {
          illustration = illustration(seed, trial, bars.forUnit(seed, "illustration"));
          bars.close();
        }
      }
    }
    ObjectNode results = Results.build(plan, manifest, units, illustration);
    Json.write(settings.dir().resolve("results.json"), results);
    return results;
  }

  /** A runner for the run recorded in {@code dir} (its run.json), to look at what it has finished. */
  public static SimulationRunner recorded(Path dir) {
    Manifest manifest = Manifest.read(dir, "unknown");
    Config effective = ConfigFactory.parseString(manifest.config().toString());
    return new SimulationRunner(Plan.of(ScenarioConfig.recorded(manifest.scenario(), effective)), new Settings(dir, null, 0));
  }

  /**
   * results.json's content for the seeds on which every method has finished, marked {@code partial}:
   * a look at a run that is still going or was stopped. Empty when no seed has finished.
   */
  public Optional<ObjectNode> finishedSeeds() {
    Manifest manifest = Manifest.read(settings.dir(), "unknown");
    List<Long> finished = plan.seeds().stream()
        .filter(seed -> plan.methods().stream().allMatch(m -> Files.isRegularFile(unitFile(m.name(), seed)))).toList();
    if (finished.isEmpty()) return Optional.empty();
    List<UnitResult> units = new ArrayList<>();
    for (long seed : finished) {
      for (Method method : inRunOrder(plan.methods())) units.add(UnitResult.fromJson(Json.read(unitFile(method.name(), seed)), manifest.gitCommit()));
    }
    Path illustration = checkpoints.resolve(ILLUSTRATION);
    ObjectNode results = Results.build(plan.withSeeds(finished), manifest, units, Files.isRegularFile(illustration) ? Json.read(illustration) : null);
    results.putObject("partial").put("seeds_finished", finished.size()).put("seeds_planned", plan.seeds().size());
    return Optional.of(results);
  }

  /** The baseline last, so that it can reuse a cooperative round's baseline of the same trial. */
  private static List<Method> inRunOrder(List<Method> methods) {
    return methods.stream().sorted(Comparator.comparing(m -> m.name().equals("baseline"))).toList();
  }

  private UnitResult runUnit(Method method, Trial trial, RoundPhase.Listener progress, String commit) {
    Optional<String> notApplicable = method.notApplicable(trial);
    if (notApplicable.isPresent()) {
      LOG.info("seed {} {}: not applicable ({})", trial.seed(), method.name(), notApplicable.get());
      return new UnitResult(method.name(), trial.seed(), notApplicable.get(), new double[0], null, 0, commit);
    }
    long start = System.nanoTime();
    MethodOutcome outcome = method.run(trial, progress);
    double seconds = (System.nanoTime() - start) / 1e9;
    LOG.info("seed {} {}: accuracy {} in {} s", trial.seed(), method.name(), outcome.accuracy(), String.format("%.1f", seconds));
    return new UnitResult(method.name(), trial.seed(), null, outcome.accuracy(), outcome.distillation(), seconds, commit);
  }

  /** The sample of counterfactuals for Figs. 4 and 6, from the first seed's baseline models; null when disabled. */
  private JsonNode illustration(long seed, Trial knownTrial, RoundPhase.Listener progress) {
    Path file = checkpoints.resolve(ILLUSTRATION);
    if (Files.isRegularFile(file)) return Json.read(file);
    if (plan.config().root().getInt(Illustration.PATH + ".rows-per-pair") == 0) return null;
    Trial trial = knownTrial != null ? knownTrial : plan.scenario().trial(seed);
    if (trial.participants().size() < 2) return null;
    TrialBaselines.Baseline baseline = plan.baselines().of(seed).filter(b -> !b.models().isEmpty())
        .orElseGet(() -> plan.baselines().train(trial, progress));
    ObjectNode sample = Illustration.sample(trial, baseline.models(), baseline.accuracy(), plan.config().root(), progress);
    Json.write(file, sample);
    countUnit();
    return sample;
  }

  private void countUnit() {
    ranUnits++;
    if (settings.stopAfterUnits() > 0 && ranUnits >= settings.stopAfterUnits()) throw new Stopped(ranUnits);
  }

  private Path unitFile(String method, long seed) {
    return checkpoints.resolve(method).resolve("seed-" + seed + ".json");
  }
}
