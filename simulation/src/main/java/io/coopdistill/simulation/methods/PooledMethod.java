package io.coopdistill.simulation.methods;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.CooperativeDistillation.Participant;
import io.coopdistill.learners.distill.Expertise;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.distill.Seeds;
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
    int k = trial.participants().size();
    double[] accuracy = new double[k];
    for (int i = 0; i < k; i++) {
      Participant p = trial.participants().get(i);
      accuracy[i] = Expertise.identify(p.learner().train(pooled, Seeds.derive(trial.seed(), Seeds.Phase.TRAINING, i)), trial.test()).accuracy();
      progress.progress(RoundPhase.RETRAINING, i + 1, k);
    }
    return new MethodOutcome(accuracy, null);
  }
}
