package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.simulation.scenario.Trial;
import java.util.Optional;

/**
 * No distillation: each learner trained on its own data alone, with the seeds a cooperative round
 * uses for its baseline, so the accuracy equals that round's "before". Reuses that round's baseline
 * when the trial already had one.
 */
final class BaselineMethod implements Method {
  private final TrialBaselines baselines;

  BaselineMethod(TrialBaselines baselines) {
    this.baselines = baselines;
  }

  @Override public String name() { return "baseline"; }

  @Override public Optional<String> notApplicable(Trial trial) { return Optional.empty(); }

  @Override public MethodOutcome run(Trial trial, RoundPhase.Listener progress) {
    TrialBaselines.Baseline baseline = baselines.of(trial.seed()).orElseGet(() -> baselines.train(trial, progress));
    return new MethodOutcome(baseline.accuracy(), baseline.balancedAccuracy(), null);
  }
}
