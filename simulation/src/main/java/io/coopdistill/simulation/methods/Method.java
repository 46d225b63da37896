package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.simulation.scenario.Trial;
import java.util.Optional;

/**
 * One row of the paper's Table 1: a way of improving a trial's learners (or the baseline that does
 * nothing), evaluated on the trial's test set.
 */
public interface Method {

  /**
   * The name in results and reports, e.g. {@code baseline}, {@code cooperative}, {@code pooled}.
   */
  String name();

  /**
   * Why this method cannot apply to the trial (Table 1's N/A), or empty if it can; by default it
   * applies to every trial.
   */
  default Optional<String> notApplicable(Trial trial) {
    return Optional.empty();
  }

  /**
   * @throws IllegalArgumentException saying why, where this method cannot apply to {@code trial}
   */
  default void requireApplicable(Trial trial) {
    notApplicable(trial)
        .ifPresent(
            reason -> {
              throw new IllegalArgumentException(name() + " is not applicable: " + reason);
            });
  }

  /**
   * Runs the method on the trial, reading what methods share from it; deterministic for the trial's
   * seed.
   */
  MethodOutcome run(TrialRun trial, RoundPhase.Listener progress);
}
