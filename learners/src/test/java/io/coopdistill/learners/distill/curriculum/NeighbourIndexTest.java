package io.coopdistill.learners.distill.curriculum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The KD-tree gives set cover exactly the scan's answers on narrow rows: the same neighbours within
 * every radius (boundary ties included), the same nearest distances, so the same cover.
 */
class NeighbourIndexTest {

  /**
   * Rows with the scan's hard cases: exact duplicates, copies one float step apart, and grid points
   * with many equal distances.
   */
  private static float[][] awkwardPoints(int count, int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] points = new float[count][];
    for (int n = 0; n < count; n++) {
      if (n > 0 && n % 10 == 9) {
        points[n] = points[random.nextInt(n)].clone();
      } else if (n > 0 && n % 10 == 8) {
        points[n] = points[random.nextInt(n)].clone();
        int c = random.nextInt(width);
        points[n][c] = Math.nextUp(points[n][c]);
      } else {
        points[n] = new float[width];
        boolean grid = n % 2 == 0;
        for (int c = 0; c < width; c++) {
          double v = random.nextDouble();
          points[n][c] = grid ? Math.round(v * 8) / 8f : (float) v;
        }
      }
    }
    return points;
  }

  @Test
  void neighboursAndNearestDistancesAreTheScans() {
    for (int width : new int[] {1, 2, 8, 30, 63}) {
      float[][] points = awkwardPoints(500, width, width);
      double[] nearest = SetCover.nearestDistances(points, SetCover.Search.SCAN);
      assertArrayEquals(
          nearest,
          SetCover.nearestDistances(points, SetCover.Search.INDEX),
          "nearest distances, width " + width);
      double[] sorted = nearest.clone();
      Arrays.sort(sorted);
      // Radius 0 (duplicates only), the median nearest distance, a wider one, and an exact pairwise
      // distance of grid points, which other pairs share: points exactly on the boundary count as
      // within.
      double onGrid = NeighbourIndex.distance(points[0], points[2]);
      for (double radius :
          new double[] {0, sorted[sorted.length / 2], 3 * sorted[sorted.length / 2], onGrid}) {
        int[][] scan = SetCover.neighboursWithin(points, radius, SetCover.Search.SCAN);
        int[][] index = SetCover.neighboursWithin(points, radius, SetCover.Search.INDEX);
        for (int i = 0; i < points.length; i++) {
          assertArrayEquals(
              scan[i],
              index[i],
              "neighbours of point " + i + " within " + radius + ", width " + width);
        }
      }
    }
  }

  @Test
  void theCoverIsTheSameSet() {
    SplittableRandom random = new SplittableRandom(5);
    float[][] points = awkwardPoints(3000, 8, 17);
    int[] labels = random.ints(points.length, 0, 4).toArray();
    for (SetCover.Options options :
        new SetCover.Options[] {
          new SetCover.Options(SetCover.RadiusRule.NN_QUANTILE, 0.5, 0),
          new SetCover.Options(SetCover.RadiusRule.NN_QUANTILE, 0.9, 0),
          new SetCover.Options(SetCover.RadiusRule.FIXED, 0.5, 0.1)
        }) {
      int[] scan = SetCover.keep(points, labels, options, SetCover.Search.SCAN);
      int[] index = SetCover.keep(points, labels, options, SetCover.Search.INDEX);
      assertArrayEquals(scan, index, "cover under " + options);
      assertTrue(
          index.length > 4 && index.length < points.length,
          index.length + " kept of " + points.length);
    }
    assertEquals(
        SetCover.Search.INDEX, SetCover.Search.of(points), "narrow rows go through the index");
    assertEquals(
        SetCover.Search.SCAN,
        SetCover.Search.of(new float[][] {new float[784]}),
        "images through the BLAS scan");
  }
}
