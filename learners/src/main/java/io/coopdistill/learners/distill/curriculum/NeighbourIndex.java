package io.coopdistill.learners.distill.curriculum;

import io.coopdistill.learners.data.SquaredDistances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import smile.neighbor.KDTree;
import smile.neighbor.Neighbor;

/**
 * Smile's KD-tree over narrow rows (tabular data), answering the two questions of set cover with
 * exactly the answers of the pairwise scan ({@link SetCover}'s definition), in about n log n
 * instead of n². The tree measures distances in double from the rows widened to double, the scan
 * from float differences: the two differ by a relative 2⁻²³ at most. So the tree proposes
 * candidates within a radius widened by a relative 10⁻⁵ (and 10⁻¹² absolute, for radius 0), and
 * each candidate is then judged by the scan's own exact distance; no point the scan would find is
 * outside the widened radius.
 */
final class NeighbourIndex {
  /** Relative widening of every tree query: far above the 2⁻²³ the two distances can differ by. */
  private static final double WIDEN = 1e-5;

  private static final double WIDEN_ABSOLUTE = 1e-12;

  private final float[][] points;
  private final double[][] keys;
  private final KDTree<double[]> tree;

  NeighbourIndex(float[][] points) {
    this.points = points;
    this.keys = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      keys[i] = new double[points[i].length];
      for (int c = 0; c < points[i].length; c++) keys[i][c] = points[i][c];
    }
    this.tree = KDTree.of(keys);
  }

  /** Point i and the points within exact distance {@code radius} of it, in increasing order. */
  int[] within(int i, double radius) {
    List<Neighbor<double[], double[]>> candidates = candidates(i, radius);
    int[] found = new int[candidates.size() + 1];
    int n = 0;
    found[n++] = i;
    for (Neighbor<double[], double[]> c : candidates)
      if (distance(points[i], points[c.index]) <= radius) found[n++] = c.index;
    int[] within = Arrays.copyOf(found, n);
    Arrays.sort(within);
    return within;
  }

  /**
   * The exact distance from point i to its nearest other point as the scan picks it: the lowest
   * index among those of the smallest squared distance rounded to float (the scan compares floats).
   */
  double nearestDistance(int i) {
    int best = -1;
    float bestSquared = Float.POSITIVE_INFINITY;
    for (Neighbor<double[], double[]> c : candidates(i, tree.nearest(keys[i]).distance)) {
      float squared = (float) SquaredDistances.squared(points[i], points[c.index]);
      if (squared < bestSquared || squared == bestSquared && c.index < best) {
        bestSquared = squared;
        best = c.index;
      }
    }
    return distance(points[i], points[best]);
  }

  /**
   * The other points within the widened {@code radius} of point i (the tree leaves the query itself
   * out).
   */
  private List<Neighbor<double[], double[]>> candidates(int i, double radius) {
    List<Neighbor<double[], double[]>> found = new ArrayList<>();
    tree.search(keys[i], radius * (1 + WIDEN) + WIDEN_ABSOLUTE, found);
    return found;
  }

  static double distance(float[] a, float[] b) {
    return Math.sqrt(SquaredDistances.squared(a, b));
  }
}
