package io.coopdistill.learners.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearestRowsTest {
  private static double naive(float[] x, float[] y) {
    double sum = 0;
    for (int c = 0; c < x.length; c++) sum += (double) (x[c] - y[c]) * (x[c] - y[c]);
    return Math.sqrt(sum);
  }

  /**
   * The early exit finds exactly what a full scan finds, on image-sized rows; prints the time of
   * r_s.
   */
  @Test
  void theEarlyExitScanIsExact() {
    SplittableRandom random = new SplittableRandom(1);
    int n = 1000;
    int width = 784;
    float[][] rows = new float[n][width];
    for (float[] row : rows)
      for (int c = 0; c < width; c++)
        row[c] = random.nextDouble() < 0.5 ? 0f : (float) random.nextDouble();
    rows[7] = rows[3].clone();
    NearestRows nearest = new NearestRows(rows);
    for (int q = 0; q < 20; q++) {
      float[] x = rows[random.nextInt(n)].clone();
      x[random.nextInt(width)] += 0.3f;
      int best = 0;
      for (int i = 1; i < n; i++) if (naive(x, rows[i]) < naive(x, rows[best])) best = i;
      assertEquals(best, nearest.nearest(x));
      assertEquals(naive(x, rows[best]), nearest.distance(x), 1e-9);
    }
    // Row 3's copy at 7 does not count as its nearest other row.
    double other = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++)
      if (i != 3 && i != 7) other = Math.min(other, naive(rows[3], rows[i]));
    assertEquals(other, nearest.distanceToOther(3), 1e-9);

    long start = System.nanoTime();
    for (int i = 0; i < n; i++) nearest.distanceToOther(i);
    System.out.printf(
        "nearest other row of each of %d rows of width %d: %.2f s%n",
        n, width, (System.nanoTime() - start) / 1e9);
  }

  /**
   * The bulk form gives every row's {@link NearestRows#distanceToOther} to the last bit, for images
   * (from a matrix product, re-checked) and tabular rows (a scan): with exact copies, copies of
   * copies, a row with only copies, and near-copies closer than the product's rounding can tell.
   */
  @Test
  void everyRowsNearestOtherDistanceInBulkIsTheScansToTheBit() {
    for (int width : new int[] {784, 8}) {
      SplittableRandom random = new SplittableRandom(width);
      int n = 1500;
      float[][] rows = new float[n][width];
      for (float[] row : rows)
        for (int c = 0; c < width; c++)
          row[c] = random.nextDouble() < 0.5 ? 0f : (float) random.nextDouble();
      rows[7] = rows[3].clone();
      rows[8] = rows[3].clone();
      rows[20] = rows[10].clone();
      rows[21] = rows[10].clone();
      rows[21][5] +=
          1e-4f; // a near-copy of 10 and 20: nearest at about 1e-4, below a 784-wide product's
      // rounding
      rows[30] = rows[31].clone();
      for (int c = 0; c < width; c++) rows[40][c] = rows[41][c] + 1e-3f * (c % 3);
      float[][] alone = {rows[0].clone(), rows[0].clone()}; // only copies: no other row at all
      for (float[][] set : List.of(rows, alone)) {
        NearestRows nearest = new NearestRows(set);
        long start = System.nanoTime();
        double[] bulk = nearest.distancesToOthers();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (int i = 0; i < set.length; i++) {
          assertEquals(
              Double.doubleToLongBits(nearest.distanceToOther(i)),
              Double.doubleToLongBits(bulk[i]),
              "row " + i + " of width " + width);
        }
        if (set == rows)
          System.out.printf(
              "every row's nearest other row, %d rows of width %d, in bulk: %.2f s%n",
              n, width, seconds);
      }
      assertEquals(Double.POSITIVE_INFINITY, new NearestRows(alone).distancesToOthers()[0]);
      assertTrue(
          new NearestRows(rows).distancesToOthers()[21] < 2e-4,
          "the near-copy's nearest other row is the copy it nearly is");
    }
  }
}
