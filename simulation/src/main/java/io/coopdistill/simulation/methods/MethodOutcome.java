package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.curriculum.SentLessons;
import io.coopdistill.learners.distill.round.DistillationResult;
import java.util.List;

/**
 * What a method achieved on one trial.
 *
 * @param accuracy test accuracy per learner, in the trial's learner order
 * @param balancedAccuracy balanced test accuracy (mean recall over the test set's classes) per
 *     learner
 * @param distillation the (first) round's counts and timings, for methods that distil
 *     counterfactuals; else null
 * @param laterRounds rounds 2, 3, ... of a method that ran several; {@code accuracy} is the last
 *     one's
 * @param sentLessons the lessons of virtual instances its sites sent, in every round; empty for
 *     other methods
 */
public record MethodOutcome(
    double[] accuracy,
    double[] balancedAccuracy,
    DistillationResult distillation,
    List<DistillationResult> laterRounds,
    List<SentLessons.Sent> sentLessons) {
  public MethodOutcome {
    laterRounds = List.copyOf(laterRounds);
    sentLessons = List.copyOf(sentLessons);
  }

  /** The outcome of a method that ran at most one round and sent no virtual instances. */
  public MethodOutcome(
      double[] accuracy, double[] balancedAccuracy, DistillationResult distillation) {
    this(accuracy, balancedAccuracy, distillation, List.of(), List.of());
  }
}
