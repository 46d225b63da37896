package io.coopdistill.learners.distill.curriculum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SetCoverTest {

  @Test
  void everyPointLiesWithinRadiusOfAKeptCentreOfItsClass() {
    SplittableRandom random = new SplittableRandom(1);
    float[][] points = new float[600][20];
    int[] labels = new int[600];
    for (int n = 0; n < points.length; n++) {
      labels[n] = n % 3;
      for (int c = 0; c < 20; c++) points[n][c] = (float) (random.nextGaussian() * 0.3 + labels[n]);
    }
    SetCover.Options options = SetCover.Options.fromConfig(ConfigFactory.load());
    int[] kept = SetCover.keep(points, labels, options);
    assertTrue(kept.length < points.length && kept.length > 3, kept.length + " kept");
    for (int k = 0; k < 3; k++) {
      final int label = k;
      float[][] members =
          java.util.stream.IntStream.range(0, 600)
              .filter(i -> labels[i] == label)
              .mapToObj(i -> points[i])
              .toArray(float[][]::new);
      double r = SetCover.nearestNeighbourQuantile(members, options.nnQuantile());
      for (int i = 0; i < points.length; i++) {
        if (labels[i] != k) continue;
        boolean covered = false;
        for (int centre : kept)
          covered |= labels[centre] == k && distance(points[i], points[centre]) <= r;
        assertTrue(covered, "point " + i + " uncovered");
      }
    }
  }

  @Test
  void greedyIsWithinLogFactorOfTheOptimumOnSmallCases() {
    SplittableRandom random = new SplittableRandom(2);
    int strictlyWorse = 0;
    for (int trial = 0; trial < 40; trial++) {
      int n = 6 + random.nextInt(9);
      float[][] points = new float[n][2];
      for (float[] p : points) {
        p[0] = (float) random.nextDouble();
        p[1] = (float) random.nextDouble();
      }
      double r = 0.2 + 0.3 * random.nextDouble();
      int greedy = SetCover.cover(points, r).length;
      int optimum = bruteForceOptimum(points, r);
      assertTrue(greedy >= optimum);
      assertTrue(
          greedy <= (Math.log(n) + 1) * optimum,
          "greedy " + greedy + " vs optimum " + optimum + " for n = " + n);
      if (greedy > optimum) strictlyWorse++;
      for (float[] p : points) {
        boolean covered = false;
        for (int centre : SetCover.cover(points, r)) covered |= distance(p, points[centre]) <= r;
        assertTrue(covered);
      }
    }
    System.out.println(
        "greedy set cover larger than the optimum in " + strictlyWorse + " of 40 small cases");
  }

  private static int bruteForceOptimum(float[][] points, double r) {
    int n = points.length;
    int[] masks = new int[n];
    for (int i = 0; i < n; i++)
      for (int j = 0; j < n; j++) if (distance(points[i], points[j]) <= r) masks[i] |= 1 << j;
    int best = n;
    for (int subset = 1; subset < 1 << n; subset++) {
      int size = Integer.bitCount(subset);
      if (size >= best) continue;
      int covered = 0;
      for (int i = 0; i < n; i++) if ((subset & 1 << i) != 0) covered |= masks[i];
      if (covered == (1 << n) - 1) best = size;
    }
    return best;
  }

  @Test
  void fixedRadiusZeroKeepsOneOfEachDuplicate() {
    float[][] points = {{0, 0}, {1, 1}, {0, 0}, {2, 2}, {1, 1}};
    int[] kept =
        SetCover.keep(points, new int[5], new SetCover.Options(SetCover.RadiusRule.FIXED, 0.5, 0));
    assertEquals(3, kept.length, Arrays.toString(kept));
  }

  private static double distance(float[] a, float[] b) {
    double sum = 0;
    for (int c = 0; c < a.length; c++) sum += (a[c] - b[c]) * (double) (a[c] - b[c]);
    return Math.sqrt(sum);
  }
}
