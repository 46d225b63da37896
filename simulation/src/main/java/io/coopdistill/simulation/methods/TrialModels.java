package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.CooperativeDistillation.Participant;
import io.coopdistill.learners.distill.Expertise;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;

/** What the competitor methods share: the trial's baseline models, training seeds and test accuracy. */
final class TrialModels {
  private TrialModels() {}

  /** How a method retrains student j (with its seed, {@link TrialBaselines#trainingSeed}). */
  @FunctionalInterface
  interface Retraining {
    Model retrain(int j, Participant student, long seed);
  }

  /** Every student retrained by {@code retraining}, reported as the retraining phase, then evaluated. */
  static MethodOutcome retrainEach(Trial trial, RoundPhase.Listener progress, Retraining retraining) {
    List<Participant> participants = trial.participants();
    List<Model> students = new ArrayList<>(participants.size());
    for (int j = 0; j < participants.size(); j++) {
      students.add(retraining.retrain(j, participants.get(j), TrialBaselines.trainingSeed(trial, j)));
      progress.progress(RoundPhase.RETRAINING, j + 1, participants.size());
    }
    return evaluate(trial, students, progress);
  }

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
