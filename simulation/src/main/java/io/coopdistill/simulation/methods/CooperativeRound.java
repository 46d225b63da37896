package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.CooperativeDistillation;
import io.coopdistill.learners.distill.DistillationOptions;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.distill.SetCover;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions;
import io.coopdistill.simulation.scenario.Trial;

/**
 * The one place where the simulation runs a trial with cooperative distillation. Today it calls the
 * synchronous reference orchestrator; the actor runtime, which reproduces it exactly, replaces it here.
 */
public final class CooperativeRound {
  private CooperativeRound() {}

  /** One round on the trial's participants, evaluated on its test set, with the trial's seed. */
  public static CooperativeDistillation.Outcome run(Trial trial, DistillationOptions options, Config root, RoundPhase.Listener progress) {
    CooperativeDistillation round = new CooperativeDistillation(options,
        new CounterfactualGenerator(CounterfactualOptions.fromConfig(root)), SetCover.Options.fromConfig(root));
    return round.run(trial.participants(), trial.test(), trial.seed(), progress);
  }
}
