package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.OptionChecks;

/**
 * The weight λ of the prediction term in argmin L1(x', x) + λ‖f(x') − y'‖².
 *
 * <p>The paper sets λ "to the maximum value for which a solution will converge", citing Molnar's
 * account of Wachter et al.: rather than fixing λ, fix the tolerance ε and raise λ until the
 * solution is close enough to the target. Every search follows that schedule per row: it starts at
 * {@code initial} (the gradient search at the first value that reaches the target to first order,
 * see {@link GradientSearch}); a row that has not reached its target after a round gets λ
 * multiplied by {@code growth}, up to {@code max}; a row that still misses then is reported as
 * failed. Small λ first means each row stops at the least distortion of x that reaches y'.
 */
public record LambdaSchedule(double initial, double growth, double max) {

  public LambdaSchedule {
    OptionChecks.require(
        initial > 0 && Double.isFinite(initial),
        "coopdistill.counterfactual.lambda.initial",
        "a positive number",
        initial);
    OptionChecks.require(
        growth > 1 && Double.isFinite(growth),
        "coopdistill.counterfactual.lambda.growth",
        "a number above 1",
        growth);
    OptionChecks.require(
        max >= initial && Double.isFinite(max),
        "coopdistill.counterfactual.lambda.max",
        "at least lambda.initial (" + initial + ")",
        max);
  }

  /** How many λ values the schedule tries: initial·growth^k ≤ max. */
  public int rounds() {
    return 1 + (int) Math.floor(Math.log(max / initial) / Math.log(growth) + 1e-9);
  }

  /** λ in round {@code round} (0-based); the last value for rounds past the end. */
  public double value(int round) {
    return initial * Math.pow(growth, Math.min(round, rounds() - 1));
  }
}
