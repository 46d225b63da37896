package io.coopdistill.learners.privacy;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.privacy.DpAnchorOptions.Mechanism;
import org.apache.commons.math3.distribution.LaplaceDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.special.Erf;

/**
 * The {@code dp-anchor} guard's release: the mean of each class of a site's private rows, with
 * noise calibrated so that the release of all classes together is (ε, δ)-differentially private
 * (Gaussian mechanism) or ε-differentially private (Laplace mechanism) with respect to adding or
 * removing one private row (its features and its class).
 *
 * <p>Each row is clipped to the schema's box [lower, upper] (the encoded space, [0, 1] per column
 * for tables and images) and centred on the box's middle, so it contributes at most R to a class's
 * sum, where R is the p-norm of the box's half-widths (p = 2 for Gaussian noise, 1 for Laplace).
 * Each class releases the vector (sum of its centred rows, R·count); one row changes one class's
 * vector by (x − middle, R), of p-norm at most 2^(1/p)·R: that is the sensitivity. The anchor of a
 * class is middle + noisy sum / max(1, noisy count), clamped to the box: post-processing. The class
 * labels (how many classes) and the box are public (the schema every learner shares).
 */
public final class NoisyClassMeans {
  private NoisyClassMeans() {}

  /**
   * The anchor of every class of {@code data} (indexed by class), released once with noise drawn
   * from {@code seed}; a class the site lacks gets an anchor of pure noise around the box's middle.
   */
  public static float[][] release(Dataset data, DpAnchorOptions options, long seed) {
    FeatureSchema schema = data.schema();
    int width = schema.width();
    double[] middle = new double[width];
    for (int c = 0; c < width; c++) middle[c] = (schema.lower(c) + schema.upper(c)) / 2.0;
    double radius = radius(schema, options.mechanism());
    double[][] released = new double[data.numClasses()][width + 1];
    for (int i = 0; i < data.size(); i++) {
      float[] row = data.features()[i];
      double[] sum = released[data.label(i)];
      for (int c = 0; c < width; c++) sum[c] += clip(row[c], schema, c) - middle[c];
      sum[width] += radius;
    }
    double scale = noiseScale(sensitivity(radius, options.mechanism()), options);
    if (scale > 0) {
      Well19937c random = new Well19937c(seed);
      RealDistribution noise =
          options.mechanism() == Mechanism.GAUSSIAN
              ? new NormalDistribution(random, 0, scale)
              : new LaplaceDistribution(random, 0, scale);
      for (double[] vector : released) for (int c = 0; c <= width; c++) vector[c] += noise.sample();
    }
    float[][] anchors = new float[released.length][width];
    for (int k = 0; k < released.length; k++) {
      double count = radius > 0 ? Math.max(1, released[k][width] / radius) : 1;
      for (int c = 0; c < width; c++)
        anchors[k][c] = clip((float) (middle[c] + released[k][c] / count), schema, c);
    }
    return anchors;
  }

  /** R: the p-norm of the box's half-widths, p = 2 (Gaussian) or 1 (Laplace). */
  static double radius(FeatureSchema schema, Mechanism mechanism) {
    double sum = 0;
    for (int c = 0; c < schema.width(); c++) {
      double half = (schema.upper(c) - schema.lower(c)) / 2.0;
      sum += mechanism == Mechanism.GAUSSIAN ? half * half : half;
    }
    return mechanism == Mechanism.GAUSSIAN ? Math.sqrt(sum) : sum;
  }

  /** The p-norm sensitivity of the released vectors: ‖(x − middle, R)‖_p ≤ 2^(1/p)·R. */
  static double sensitivity(double radius, Mechanism mechanism) {
    return mechanism == Mechanism.GAUSSIAN ? Math.sqrt(2) * radius : 2 * radius;
  }

  /**
   * The noise's scale for a release of {@code sensitivity}: the Gaussian's standard deviation σ
   * ({@link #gaussianSigma}) or the Laplace scale b = Δ₁/ε; 0 when ε is infinite.
   */
  static double noiseScale(double sensitivity, DpAnchorOptions options) {
    if (Double.isInfinite(options.epsilon()) || sensitivity == 0) return 0;
    return options.mechanism() == Mechanism.GAUSSIAN
        ? gaussianSigma(sensitivity, options.epsilon(), options.delta())
        : sensitivity / options.epsilon();
  }

  /**
   * The smallest σ for which Gaussian noise N(0, σ²) on a release of L2 sensitivity Δ is (ε, δ)-DP,
   * by the analytic Gaussian mechanism (Balle and Wang, ICML 2018, Theorem 8): exact for every ε,
   * where the classical σ = Δ·√(2 ln(1.25/δ))/ε holds only for ε < 1 and is larger. Bisection on
   * σ/Δ, whose δ decreases monotonically, to a relative 1e-12.
   */
  static double gaussianSigma(double sensitivity, double epsilon, double delta) {
    double low = 0;
    double high = 1;
    while (gaussianDelta(high, epsilon) > delta) high *= 2;
    while (high - low > 1e-12 * high) {
      double mid = (low + high) / 2;
      if (gaussianDelta(mid, epsilon) > delta) low = mid;
      else high = mid;
    }
    return high * sensitivity;
  }

  /**
   * The δ at which Gaussian noise of σ = {@code s}·Δ is (ε, δ)-DP: Φ(1/(2s) − εs) − e^ε·Φ(−1/(2s) −
   * εs).
   */
  static double gaussianDelta(double s, double epsilon) {
    if (s == 0) return 1;
    double a = 1 / (2 * s);
    double b = epsilon * s;
    return normalCdf(a - b) - Math.exp(epsilon + Math.log(normalCdf(-a - b)));
  }

  private static double normalCdf(double x) {
    return 0.5 * Erf.erfc(-x / Math.sqrt(2));
  }

  private static float clip(float value, FeatureSchema schema, int column) {
    return Math.min(schema.upper(column), Math.max(schema.lower(column), value));
  }
}
