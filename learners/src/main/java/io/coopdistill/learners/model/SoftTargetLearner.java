package io.coopdistill.learners.model;

import io.coopdistill.learners.data.Dataset;

/**
 * An optional capability of a {@link Learner}: training on soft targets, a class distribution per
 * row instead of its hard label. Knowledge distillation (a peer ensemble's softened predictions
 * mixed into the labels) and mixup (labels mixed like the rows) need it; a method that needs it is
 * not applicable to learners without it.
 */
public interface SoftTargetLearner extends Learner {

  /**
   * Trains a new model that fits {@code targets[n]}, a probability distribution over the classes,
   * for row n of {@code data}, deterministically for a given {@code seed}. The hard labels of
   * {@code data} still stratify any validation split and score its accuracy. One-hot targets of the
   * labels give the same model as {@link #train(Dataset, long, TrainingProgress)}.
   *
   * @throws IllegalArgumentException if {@code targets} is not one distribution per row (see {@link
   *     #checkTargets})
   */
  Model train(Dataset data, float[][] targets, long seed, TrainingProgress progress);

  /** The one-hot distributions of {@code data}'s labels. */
  static float[][] oneHot(Dataset data) {
    float[][] targets = new float[data.size()][data.numClasses()];
    for (int n = 0; n < data.size(); n++) targets[n][data.label(n)] = 1f;
    return targets;
  }

  /**
   * Fails unless {@code targets} has, for each row of {@code data}, non-negative class weights
   * summing to 1 (± 1e-3).
   */
  static void checkTargets(Dataset data, float[][] targets) {
    if (targets.length != data.size()) {
      throw new IllegalArgumentException(
          data.name() + ": " + data.size() + " rows but " + targets.length + " soft targets");
    }
    for (int n = 0; n < targets.length; n++) {
      float[] t = targets[n];
      if (t.length != data.numClasses()) {
        throw new IllegalArgumentException(
            data.name()
                + ": soft target "
                + n
                + " has "
                + t.length
                + " entries, expected "
                + data.numClasses()
                + " classes");
      }
      double sum = 0;
      for (float w : t) {
        if (!(w >= 0))
          throw new IllegalArgumentException(
              data.name() + ": soft target " + n + " has a weight " + w + " < 0");
        sum += w;
      }
      if (Math.abs(sum - 1) > 1e-3) {
        throw new IllegalArgumentException(
            data.name() + ": soft target " + n + " sums to " + sum + ", not 1");
      }
    }
  }
}
