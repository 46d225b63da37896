package io.coopdistill.learners.model.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Copies between the SPI's Java arrays and ND4J float matrices. */
final class NdArrays {
  private NdArrays() {}

  /** The rows {@code order[from..to)} of {@code x} as one {@code [to - from, width]} matrix. */
  static INDArray rows(float[][] x, int[] order, int from, int to) {
    int width = x[order[from]].length;
    float[] flat = new float[(to - from) * width];
    for (int k = from; k < to; k++)
      System.arraycopy(x[order[k]], 0, flat, (k - from) * width, width);
    return Nd4j.create(flat, new long[] {to - from, width}, 'c');
  }

  /** All of {@code x} as a matrix; every row must have {@code width} entries. */
  static INDArray matrix(float[][] x, int width, String what) {
    return matrix(x, 0, x.length, width, what);
  }

  /**
   * The rows {@code [from, to)} of {@code x} as a matrix; every row must have {@code width}
   * entries.
   */
  static INDArray matrix(float[][] x, int from, int to, int width, String what) {
    float[] flat = new float[(to - from) * width];
    for (int n = from; n < to; n++) {
      if (x[n].length != width) {
        throw new IllegalArgumentException(
            what + " row " + n + " has " + x[n].length + " entries, expected " + width);
      }
      System.arraycopy(x[n], 0, flat, (n - from) * width, width);
    }
    return Nd4j.create(flat, new long[] {to - from, width}, 'c');
  }
}
