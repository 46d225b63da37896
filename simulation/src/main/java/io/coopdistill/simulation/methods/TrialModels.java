package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.CooperativeDistillation.Participant;
import io.coopdistill.learners.distill.Expertise;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;

/** What the competitor methods share: the trial's baseline models, training seeds and test accuracy. */
final class TrialModels {
  private TrialModels() {}

  /** The test accuracy of each model, reported as the evaluation phase. */
  static MethodOutcome evaluate(Trial trial, List<Model> models, RoundPhase.Listener progress) {
    double[] accuracy = new double[models.size()];
    for (int i = 0; i < models.size(); i++) {
      accuracy[i] = Expertise.identify(models.get(i), trial.test()).accuracy();
      progress.progress(RoundPhase.EVALUATION, i + 1, models.size());
    }
    return new MethodOutcome(accuracy, null);
  }

  /** The names of the trial's learners that lack {@code capability}, e.g. to explain an N/A. */
  static List<String> lacking(Trial trial, Class<?> capability) {
    return trial.participants().stream()
        .filter(p -> !capability.isInstance(p.learner()))
        .map(p -> p.name() + " (" + p.learner().name() + ")")
        .toList();
  }
}
