package io.coopdistill.learners.model;

/**
 * A trained classifier f: what a learner scores rows with, what a teacher searches counterfactuals
 * against, and what peers exchange as a {@link ModelSnapshot}.
 *
 * <p>All inputs and outputs are plain Java arrays, so nothing native or thread-bound escapes an
 * adapter. Implementations must be safe to call from several threads at once.
 */
public interface Model {

  int numFeatures();

  int numClasses();

  /** Class probabilities for each row of {@code x}; each returned row sums to 1. */
  float[][] predictProba(float[][] x);

  /** The most probable class of each row. */
  default int[] predict(float[][] x) {
    float[][] p = predictProba(x);
    int[] classes = new int[p.length];
    for (int n = 0; n < p.length; n++) classes[n] = argmax(p[n]);
    return classes;
  }

  /** The predicted class for probabilities {@code p}: the largest, ties to the lowest index. */
  static int argmax(float[] p) {
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
    return best;
  }

  /** The bytes a peer needs to restore this model with {@link ModelSnapshot#restore()}. */
  ModelSnapshot snapshot();

  /**
   * Whether this model computes on a GPU: searches with it then share the device and run one per
   * device, not one per core.
   */
  default boolean onGpu() {
    return false;
  }
}
