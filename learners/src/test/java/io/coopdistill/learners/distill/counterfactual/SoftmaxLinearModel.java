package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.model.DifferentiableModel;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * p = softmax(Wx + b) with its analytic input gradient; counts calls so tests can check batching.
 */
final class SoftmaxLinearModel implements DifferentiableModel {
  final float[][] weights;
  final float[] bias;
  final AtomicInteger probaCalls = new AtomicInteger();
  final AtomicInteger gradientCalls = new AtomicInteger();
  final AtomicInteger largestGradientBatch = new AtomicInteger();

  SoftmaxLinearModel(float[][] weights, float[] bias) {
    this.weights = weights;
    this.bias = bias;
  }

  /** Random weights around zero, so that classes meet inside the unit box. */
  static SoftmaxLinearModel random(int classes, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] w = new float[classes][features];
    float[] b = new float[classes];
    for (int k = 0; k < classes; k++) {
      for (int c = 0; c < features; c++) w[k][c] = (float) (random.nextDouble(-4, 4));
      double centre = 0;
      for (int c = 0; c < features; c++) centre += w[k][c] * 0.5;
      b[k] = (float) -centre;
    }
    return new SoftmaxLinearModel(w, b);
  }

  @Override
  public int numFeatures() {
    return weights[0].length;
  }

  @Override
  public int numClasses() {
    return weights.length;
  }

  @Override
  public float[][] predictProba(float[][] x) {
    probaCalls.incrementAndGet();
    float[][] p = new float[x.length][];
    for (int n = 0; n < x.length; n++) p[n] = proba(x[n]);
    return p;
  }

  private float[] proba(float[] x) {
    double[] z = new double[weights.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < weights.length; k++) {
      z[k] = bias[k];
      for (int c = 0; c < x.length; c++) z[k] += weights[k][c] * x[c];
      max = Math.max(max, z[k]);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k] - max);
    float[] p = new float[z.length];
    for (int k = 0; k < z.length; k++) p[k] = (float) (z[k] / sum);
    return p;
  }

  /** ∇x ‖p − t‖² = Wᵀ (diag(p) − p pᵀ) 2(p − t). */
  @Override
  public OutputAndGradient squaredErrorInputGradient(float[][] x, float[][] target) {
    gradientCalls.incrementAndGet();
    largestGradientBatch.accumulateAndGet(x.length, Math::max);
    float[][] gradient = new float[x.length][x[0].length];
    float[][] probabilities = new float[x.length][];
    for (int n = 0; n < x.length; n++) {
      float[] p = probabilities[n] = proba(x[n]);
      double[] e = new double[p.length];
      double pe = 0;
      for (int k = 0; k < p.length; k++) {
        e[k] = 2 * (p[k] - target[n][k]);
        pe += p[k] * e[k];
      }
      for (int k = 0; k < p.length; k++) {
        double dz = p[k] * (e[k] - pe);
        for (int c = 0; c < x[n].length; c++) gradient[n][c] += (float) (weights[k][c] * dz);
      }
    }
    return new OutputAndGradient(probabilities, gradient);
  }

  @Override
  public ModelSnapshot snapshot() {
    throw new UnsupportedOperationException("test model");
  }
}
