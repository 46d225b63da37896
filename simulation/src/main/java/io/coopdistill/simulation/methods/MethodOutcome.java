package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.DistillationResult;

/**
 * What a method achieved on one trial.
 *
 * @param accuracy         test accuracy per learner, in the trial's learner order
 * @param balancedAccuracy balanced test accuracy (mean recall over the test set's classes) per learner
 * @param distillation     the round's counts and timings, for methods that distil counterfactuals; else null
 */
public record MethodOutcome(double[] accuracy, double[] balancedAccuracy, DistillationResult distillation) {}
