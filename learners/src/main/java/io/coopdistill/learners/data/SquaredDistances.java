package io.coopdistill.learners.data;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * All pairwise squared L2 distances of a set of rows, a block of rows at a time. Wide rows (images)
 * take them from a native matrix product, ‖a‖² + ‖b‖² − 2a·b, which turns thousands × thousands of
 * 784-pixel rows into a second of BLAS instead of minutes of loops; its float rounding makes them
 * approximate, so callers that need exact answers re-check their candidates with {@link #rounding}
 * as the margin. Narrow (tabular) rows get exact distances from plain loops, which beat a native
 * call's overhead there and need not start ND4J.
 */
public final class SquaredDistances {
  /** Rows of the distance matrix computed per matrix product: bounds memory at BLOCK × n floats. */
  private static final int BLOCK = 1024;

  /**
   * Rows at least this wide get their distances from a native matrix product; narrower ones from
   * loops.
   */
  private static final int BLAS_WIDTH = 64;

  /**
   * A bound on the error of a product-computed squared distance of rows a and b of this width,
   * relative to ‖a‖² + ‖b‖²: float sums of w terms err by at most about w·2⁻²⁴ of the sum of their
   * magnitudes (any order), |a·b| ≤ (‖a‖² + ‖b‖²)/2, and the two norms and the product each
   * contribute; a factor 3 over the resulting 2·w·2⁻²⁴ covers the last roundings.
   */
  public static double rounding(int width) {
    return 3.0 * (width + 2) * 0x1.0p-24;
  }

  private SquaredDistances() {}

  /** Receives the squared distances of rows [from, from + squared.length / n) to all n rows. */
  public interface Block {
    /**
     * @param squared row-major, (squared.length / n) × n; exact for narrow rows, approximate (see
     *     {@link SquaredDistances#rounding}) for wide ones
     * @param norms every row's squared norm ‖row‖²
     */
    void accept(int from, float[] squared, float[] norms);
  }

  /** Whether rows of this width get product-computed (approximate) distances. */
  public static boolean approximate(int width) {
    return width >= BLAS_WIDTH;
  }

  /**
   * Calls {@code consumer} for consecutive blocks of rows until every row of {@code points} has had
   * its distances.
   */
  public static void forEachBlock(float[][] points, Block consumer) {
    int n = points.length;
    if (n == 0) return;
    if (!approximate(points[0].length)) {
      exactBlocks(points, consumer);
      return;
    }
    INDArray all = Nd4j.create(points);
    float[] norms = all.mul(all).sum(1).toFloatVector();
    INDArray allT = all.transpose();
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      float[] squared =
          all.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
              .mmul(allT)
              .dup('c')
              .data()
              .asFloat();
      for (int b = 0; b < to - from; b++) {
        for (int j = 0; j < n; j++)
          squared[b * n + j] = norms[from + b] + norms[j] - 2 * squared[b * n + j];
      }
      consumer.accept(from, squared, norms);
    }
  }

  private static void exactBlocks(float[][] points, Block consumer) {
    int n = points.length;
    float[] norms = new float[n];
    for (int i = 0; i < n; i++) for (float v : points[i]) norms[i] += v * v;
    for (int from = 0; from < n; from += BLOCK) {
      int to = Math.min(n, from + BLOCK);
      float[] squared = new float[(to - from) * n];
      for (int b = 0; b < to - from; b++) {
        for (int j = 0; j < n; j++)
          squared[b * n + j] = (float) squared(points[from + b], points[j]);
      }
      consumer.accept(from, squared, norms);
    }
  }

  /** The exact squared L2 distance of {@code a} and {@code b}, summed in double in column order. */
  public static double squared(float[] a, float[] b) {
    double sum = 0;
    for (int c = 0; c < a.length; c++) {
      double diff = a[c] - b[c];
      sum += diff * diff;
    }
    return sum;
  }
}
