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

  /** Why this method cannot apply to the trial (Table 1's N/A), or empty if it can. */
  Optional<String> notApplicable(Trial trial);

  /**
   * Runs the method on the trial, reading what methods share from it; deterministic for the trial's
   * seed.
   */
  MethodOutcome run(TrialRun trial, RoundPhase.Listener progress);
}
