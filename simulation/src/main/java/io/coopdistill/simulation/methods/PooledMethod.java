package io.coopdistill.simulation.methods;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.CooperativeDistillation.Participant;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.simulation.scenario.Trial;
import java.util.Optional;

/**
 * The idealised topline ("pooled data" in Table 1): each learner trained on the union of every
 * learner's training data, which cooperation without sharing rows can at best approach.
 */
final class PooledMethod implements Method {

  @Override public String name() { return "pooled"; }

  @Override public Optional<String> notApplicable(Trial trial) { return Optional.empty(); }

  @Override public MethodOutcome run(Trial trial, RoundPhase.Listener progress) {
    Dataset pooled = trial.participants().get(0).data();
    for (Participant p : trial.participants().subList(1, trial.participants().size())) pooled = pooled.concat("pooled", p.data());
    Dataset all = pooled;
    return TrialModels.retrainEach(trial, progress, (i, p, seed) -> p.learner().train(all, seed));
  }
}
