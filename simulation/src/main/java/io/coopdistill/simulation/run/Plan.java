package io.coopdistill.simulation.run;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.TrainingDataException;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;
import io.coopdistill.learners.distill.curriculum.SetCover;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.simulation.methods.CooperativeRound;
import io.coopdistill.simulation.methods.Method;
import io.coopdistill.simulation.methods.MethodRegistry;
import io.coopdistill.simulation.scenario.Scenario;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import io.coopdistill.simulation.scenario.Scenarios;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.LongStream;

/**
 * A validated run: the configuration, the scenario with its data loaded, the methods and the seeds.
 * Building it checks everything a run needs, so that a bad key, value, missing data set or a site
 * whose rows are all of one class fails before anything is written.
 */
public record Plan(
    ScenarioConfig config, Scenario scenario, List<Method> methods, List<Long> seeds) {
  private static final String CLUSTER_SEED_NODES = "coopdistill.cluster.seed-nodes";

  public static Plan of(ScenarioConfig config) {
    Config root = config.root();
    DistillationOptions.fromConfig(root);
    CounterfactualOptions.fromConfig(root);
    SetCover.Options.fromConfig(root);
    PrivacyOptions.fromConfig(root);
    Results.Options.fromConfig(root);
    checkSimulationOptions(root);
    Config s = config.scenario();
    int count = s.getInt("seeds");
    if (count < 1) throw new IllegalArgumentException("scenario.seeds must be ≥ 1, got " + count);
    List<Long> seeds =
        LongStream.range(s.getLong("first-seed"), s.getLong("first-seed") + count).boxed().toList();
    List<String> names = s.getStringList("methods");
    if (names.isEmpty() || new LinkedHashSet<>(names).size() != names.size()) {
      throw new IllegalArgumentException(
          "scenario.methods must list each method once, got "
              + names
              + "; methods: "
              + String.join(", ", MethodRegistry.names()));
    }
    List<Method> methods = new ArrayList<>();
    for (String name : names) methods.add(MethodRegistry.create(name, root));
    Scenario scenario = Scenarios.create(config);
    checkTrainingData(scenario, seeds);
    return new Plan(config, scenario, List.copyOf(methods), seeds);
  }

  /**
   * Every site of every seed can train a classifier: found now, not after the first seeds have run.
   */
  private static void checkTrainingData(Scenario scenario, List<Long> seeds) {
    for (long seed : seeds) {
      for (Site p : scenario.trial(seed).sites())
        TrainingDataException.requireTwoClasses(
            "site " + p.name() + " (seed " + seed + ")", p.data());
    }
  }

  /** The same plan on {@code fewer} of its seeds. */
  Plan withSeeds(List<Long> fewer) {
    return new Plan(config, scenario, methods, List.copyOf(fewer));
  }

  private static void checkSimulationOptions(Config root) {
    int perPair = root.getInt(Illustration.PATH + ".rows-per-pair");
    if (perPair < 0)
      throw new IllegalArgumentException(
          Illustration.PATH + ".rows-per-pair must be ≥ 0 (0 = no illustration), got " + perPair);
    if (CooperativeRound.runtime(root) == CooperativeRound.Runtime.CLUSTER
        && root.getStringList(CLUSTER_SEED_NODES).isEmpty()) {
      throw new IllegalArgumentException(
          CooperativeRound.RUNTIME_PATH
              + " = cluster needs "
              + CLUSTER_SEED_NODES
              + " (--seed-nodes): "
              + "the addresses printed by `./coopdistill node`");
    }
  }
}
