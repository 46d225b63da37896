package io.coopdistill.learners.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NearestRowsTest {
  private static double naive(float[] x, float[] y) {
    double sum = 0;
    for (int c = 0; c < x.length; c++) sum += (double) (x[c] - y[c]) * (x[c] - y[c]);
    return Math.sqrt(sum);
  }

  /** The early exit finds exactly what a full scan finds, on image-sized rows; prints the time of r_s. */
  @Test
  void theEarlyExitScanIsExact() {
    SplittableRandom random = new SplittableRandom(1);
    int n = 1000;
    int width = 784;
    float[][] rows = new float[n][width];
    for (float[] row : rows) for (int c = 0; c < width; c++) row[c] = random.nextDouble() < 0.5 ? 0f : (float) random.nextDouble();
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
    for (int i = 0; i < n; i++) if (i != 3 && i != 7) other = Math.min(other, naive(rows[3], rows[i]));
    assertEquals(other, nearest.distanceToOther(3), 1e-9);

    long start = System.nanoTime();
    for (int i = 0; i < n; i++) nearest.distanceToOther(i);
    System.out.printf("nearest other row of each of %d rows of width %d: %.2f s%n", n, width, (System.nanoTime() - start) / 1e9);
  }
}
