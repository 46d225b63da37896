package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.model.Model;
import java.util.Arrays;

/**
 * The quintessential targets y' = f(x) + α(onehot(y) − f(x)) of a batch of source rows, and the
 * single definition of a successful counterfactual used by every search method.
 *
 * <p>Success at x' means the model's confidence in the true class reached the target from above the
 * tolerance, {@code f_y(x') ≥ y'_y − ε}, and y is still the predicted class (argmax, ties to the
 * lowest index as in {@code Model.predict}). Overshooting y'_y counts as success: the point is only
 * more typical of its class.
 */
public final class QuintessentialTarget {
  private final float[][] target;
  private final int[] labels;
  private final double epsilon;

  private QuintessentialTarget(float[][] target, int[] labels, double epsilon) {
    this.target = target;
    this.labels = labels;
    this.epsilon = epsilon;
  }

  /**
   * The targets for rows whose model probabilities are {@code sourceProbabilities} and whose true
   * classes are {@code labels}; α weighs the pull towards the true class (the teacher's influence).
   */
  public static QuintessentialTarget of(
      float[][] sourceProbabilities, int[] labels, double alpha, double epsilon) {
    if (sourceProbabilities.length != labels.length) {
      throw new IllegalArgumentException(
          sourceProbabilities.length + " probability rows but " + labels.length + " labels");
    }
    float[][] target = new float[labels.length][];
    for (int n = 0; n < labels.length; n++) {
      float[] p = sourceProbabilities[n];
      if (labels[n] < 0 || labels[n] >= p.length) {
        throw new IllegalArgumentException(
            "row " + n + " has label " + labels[n] + ", outside [0, " + p.length + ")");
      }
      target[n] = new float[p.length];
      for (int c = 0; c < p.length; c++) {
        float onehot = c == labels[n] ? 1f : 0f;
        target[n][c] = (float) (p[c] + alpha * (onehot - p[c]));
      }
    }
    return new QuintessentialTarget(target, labels.clone(), epsilon);
  }

  public int size() {
    return labels.length;
  }

  public int label(int n) {
    return labels[n];
  }

  public double epsilon() {
    return epsilon;
  }

  /** y' of row n; callers must not modify it. */
  public float[] row(int n) {
    return target[n];
  }

  /** The targets of the given rows, in that order (shared arrays, read-only). */
  public float[][] rows(int[] indices) {
    float[][] rows = new float[indices.length][];
    for (int k = 0; k < indices.length; k++) rows[k] = target[indices[k]];
    return rows;
  }

  /** The targets of rows [from, to), as a target of its own. */
  public QuintessentialTarget slice(int from, int to) {
    float[][] t = Arrays.copyOfRange(target, from, to);
    return new QuintessentialTarget(t, Arrays.copyOfRange(labels, from, to), epsilon);
  }

  /** Success at a point where the model outputs {@code p} (see the class comment). */
  public boolean reached(int n, float[] p) {
    int y = labels[n];
    return p[y] >= target[n][y] - epsilon && Model.argmax(p) == y;
  }

  /**
   * ‖p − y'‖∞ ≤ ε: the model's output matches y' itself. The gradient search stops a row on this
   * stricter test because continuous outputs can be steered onto y'; it implies {@link #reached}
   * whenever y' keeps y ahead of the other classes by more than 2ε.
   */
  public boolean matched(int n, float[] p) {
    for (int c = 0; c < p.length; c++) if (Math.abs(p[c] - target[n][c]) > epsilon) return false;
    return true;
  }

  /** ‖p − y'‖², the prediction term of the objective. */
  public double squaredError(int n, float[] p) {
    double sum = 0;
    for (int c = 0; c < p.length; c++) {
      double diff = p[c] - target[n][c];
      sum += diff * diff;
    }
    return sum;
  }
}
