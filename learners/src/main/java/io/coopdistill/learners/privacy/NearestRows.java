package io.coopdistill.learners.privacy;

import io.coopdistill.learners.data.SquaredDistances;

/**
 * Exact nearest-neighbour search in L2 over a fixed set of rows, by a scan that abandons a row as
 * soon as its partial squared distance exceeds the best so far. Exact, with no index to build, and
 * fast enough here: on the rows of one site (hundreds of tabular rows, or a few thousand 784-pixel
 * images) a tree index gains little in high dimension, while the early exit skips most of the
 * columns of most rows (measured in {@code NearestRowsTest}).
 */
public final class NearestRows {
  /**
   * Columns summed between two checks of the bound: the check costs a branch, a chunk amortises it.
   */
  private static final int CHUNK = 16;

  private final float[][] rows;

  public NearestRows(float[][] rows) {
    this.rows = rows;
  }

  public int size() {
    return rows.length;
  }

  public float[] row(int i) {
    return rows[i];
  }

  /** The L2 distance from {@code x} to its nearest row (+∞ when there are no rows). */
  public double distance(float[] x) {
    return Math.sqrt(nearestSquared(x, -1, false)[1]);
  }

  /** The index of the row nearest {@code x} (the first on ties; −1 when there are no rows). */
  public int nearest(float[] x) {
    return (int) nearestSquared(x, -1, false)[0];
  }

  /**
   * The L2 distance from row {@code i} to its nearest other row that is not an exact copy of it (+∞
   * when there is none): duplicates say nothing about how close a distinct record lies.
   */
  public double distanceToOther(int i) {
    return Math.sqrt(nearestSquared(rows[i], i, true)[1]);
  }

  /**
   * {@link #distanceToOther} of every row, the same values to the last bit. Wide rows (images) take
   * the candidates from a matrix product of all rows ({@link SquaredDistances}; 6,000 FashionMNIST
   * images: 3 s, the row-by-row scan 11-12 s), and re-check them exactly: with t the product's
   * rounding bound, the nearest non-copy lies within 2t of the smallest product distance above t,
   * and every exact copy of the row lies at most t from it.
   */
  public double[] distancesToOthers() {
    int n = rows.length;
    double[] nearest = new double[n];
    if (n == 0) return nearest;
    if (!SquaredDistances.approximate(rows[0].length)) {
      for (int i = 0; i < n; i++) nearest[i] = distanceToOther(i);
      return nearest;
    }
    double relative = SquaredDistances.rounding(rows[0].length);
    SquaredDistances.forEachBlock(
        rows,
        (from, squared, norms) -> {
          float largestNorm = 0;
          for (float norm : norms) largestNorm = Math.max(largestNorm, norm);
          for (int b = 0; b < squared.length / n; b++) {
            int i = from + b;
            double t = relative * (norms[i] + largestNorm);
            double nonCopy = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++)
              if (j != i && squared[b * n + j] > t) nonCopy = Math.min(nonCopy, squared[b * n + j]);
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
              if (j == i || squared[b * n + j] > nonCopy + 2 * t) continue;
              double exact = SquaredDistances.squared(rows[i], rows[j]);
              if (exact > 0 && exact < best) best = exact;
            }
            nearest[i] = Math.sqrt(best);
          }
        });
    return nearest;
  }

  /**
   * {index, squared distance} of the nearest row, skipping {@code except} and, if asked, exact
   * copies of x.
   */
  private double[] nearestSquared(float[] x, int except, boolean skipCopies) {
    int best = -1;
    double bound = Double.POSITIVE_INFINITY;
    for (int i = 0; i < rows.length; i++) {
      if (i == except) continue;
      double d = squared(x, rows[i], bound);
      if (d < bound && !(skipCopies && d == 0)) {
        bound = d;
        best = i;
      }
    }
    return new double[] {best, bound};
  }

  /**
   * The squared L2 distance of a and b, or some value above {@code bound} once it is certain to
   * exceed it.
   */
  static double squared(float[] a, float[] b, double bound) {
    double sum = 0;
    int c = 0;
    while (c < a.length) {
      int end = Math.min(a.length, c + CHUNK);
      for (; c < end; c++) {
        double d = a[c] - b[c];
        sum += d * d;
      }
      if (sum > bound) return sum;
    }
    return sum;
  }
}
