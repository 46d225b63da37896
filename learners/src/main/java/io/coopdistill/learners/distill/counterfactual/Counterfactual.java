package io.coopdistill.learners.distill.counterfactual;

/**
 * One searched quintessential counterfactual x' for a source row x.
 *
 * @param x the counterfactual, already projected into the data space ({@code
 *     FeatureSchema.project})
 * @param success whether the objective model reached the target at {@code x}, as defined by {@link
 *     QuintessentialTarget#reached}, and a privacy guard admitted {@code x}; a failed search is
 *     reported, never silently kept
 * @param unchanged whether {@code x} equals the private source row after projection: the search
 *     returned its source row unchanged, and handing it to a student would hand over that row, so
 *     the orchestrator drops it
 * @param probabilities the objective model's class probabilities at {@code x}
 * @param l1Distance Manhattan distance from the source row to {@code x}
 * @param iterations optimiser steps spent on this row: gradient steps, swarm iterations, CMA-ES
 *     evaluations, or λ values tried by the exact tree search
 * @param lambda the weight λ of the prediction term when the search stopped (see {@link
 *     LambdaSchedule})
 */
public record Counterfactual(
    float[] x,
    boolean success,
    boolean unchanged,
    float[] probabilities,
    float l1Distance,
    int iterations,
    double lambda) {

  /** A counterfactual a student may receive: the target was reached and no private row leaks. */
  public boolean usable() {
    return success && !unchanged;
  }
}
