package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.round.RoundPhase;

/**
 * No distillation: each learner trained on its own data alone, with the seeds a cooperative round
 * uses for its baseline, so the accuracy equals that round's "before". Reads the trial's baseline,
 * which a cooperative round of the trial may already have made.
 */
final class BaselineMethod implements Method {

  @Override
  public String name() {
    return "baseline";
  }

  @Override
  public MethodOutcome run(TrialRun trial, RoundPhase.Listener progress) {
    TrialRun.Baseline baseline = trial.baseline(progress);
    return new MethodOutcome(baseline.accuracy(), baseline.balancedAccuracy(), null);
  }
}
