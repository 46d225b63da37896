package io.coopdistill.learners.distill.curriculum;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.SquaredDistances;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Greedy geometric set cover of a student's virtual instances (the paper's Experiment 5 removes
 * "similar counterfactuals via geometric set-cover"): within each class, every instance covers the
 * instances within Euclidean distance r of it (itself included); the instance covering the most
 * still-uncovered ones is kept, repeatedly, until all are covered. Greedy is within a factor
 * H(largest set) ≤ ln n + 1 of the smallest cover.
 *
 * <p>Euclidean rather than Manhattan distance: it is the usual geometry of set cover, is rotation
 * invariant for pixels, and its pairwise form runs as a BLAS matrix product ({@link
 * SquaredDistances}), which makes 10k × 784-dimensional points take seconds. Candidate pairs from
 * the product are re-checked with exactly computed distances, so "within r" is exact. Narrow rows
 * (tabular data) go through a KD-tree instead ({@link NeighbourIndex}), which gives the same
 * neighbours and nearest distances as the pairwise scan without its n² (a student of a many-agent
 * round may receive tens of thousands of instances).
 */
public final class SetCover {
  private SetCover() {}

  /** How the radius r is chosen. */
  public enum RadiusRule {
    NN_QUANTILE,
    FIXED
  }

  /**
   * @param radius how r is chosen
   * @param nnQuantile for {@link RadiusRule#NN_QUANTILE}: r is this quantile of the
   *     nearest-neighbour distances within a class
   * @param fixedRadius for {@link RadiusRule#FIXED}: r itself
   */
  public record Options(RadiusRule radius, double nnQuantile, double fixedRadius) {
    public static final String PATH = "coopdistill.set-cover";

    public Options {
      require(radius != null, PATH + ".radius", "nn-quantile or fixed", radius);
      require(nnQuantile > 0 && nnQuantile <= 1, PATH + ".nn-quantile", "in (0, 1]", nnQuantile);
      require(
          fixedRadius >= 0 && Double.isFinite(fixedRadius),
          PATH + ".fixed-radius",
          "a non-negative number",
          fixedRadius);
    }

    /** The options at {@value #PATH} of {@code root}. */
    public static Options fromConfig(Config root) {
      return ConfigSections.read(
          root,
          PATH,
          c ->
              new Options(
                  ConfigEnums.parse(RadiusRule.class, c.getString("radius"), PATH + ".radius"),
                  c.getDouble("nn-quantile"),
                  c.getDouble("fixed-radius")));
    }
  }

  /** How neighbours are found; both give the same answers ({@link NeighbourIndex}). */
  enum Search {
    /** All pairs, by loops (narrow rows) or a BLAS product (wide rows). */
    SCAN,
    /** A KD-tree, for narrow rows only. */
    INDEX;

    /**
     * The faster one: the KD-tree for narrow rows, the BLAS scan for wide ones (where a KD-tree
     * prunes little).
     */
    static Search of(float[][] points) {
      return points.length > 0 && !SquaredDistances.approximate(points[0].length) ? INDEX : SCAN;
    }
  }

  /** The indices of the instances kept, in increasing order: a greedy cover of each class. */
  public static int[] keep(float[][] points, int[] labels, Options options) {
    return keep(points, labels, options, Search.of(points));
  }

  static int[] keep(float[][] points, int[] labels, Options options, Search search) {
    if (points.length != labels.length) {
      throw new IllegalArgumentException(
          points.length + " points but " + labels.length + " labels");
    }
    int classes = Arrays.stream(labels).max().orElse(-1) + 1;
    List<Integer> kept = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      final int label = c;
      int[] members = IntStream.range(0, labels.length).filter(i -> labels[i] == label).toArray();
      if (members.length == 0) continue;
      float[][] classPoints = new float[members.length][];
      for (int k = 0; k < members.length; k++) classPoints[k] = points[members[k]];
      double r =
          options.radius() == RadiusRule.FIXED
              ? options.fixedRadius()
              : members.length < 2
                  ? 0
                  : nearestNeighbourQuantile(classPoints, options.nnQuantile(), search);
      for (int k : cover(classPoints, r, search)) kept.add(members[k]);
    }
    return kept.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * A greedy cover of all {@code points} by balls of radius {@code radius}: the centres, in
   * increasing order.
   */
  public static int[] cover(float[][] points, double radius) {
    return cover(points, radius, Search.of(points));
  }

  private static int[] cover(float[][] points, double radius, Search search) {
    int n = points.length;
    int[][] neighbours = neighboursWithin(points, radius, search);
    boolean[] covered = new boolean[n];
    // Lazy greedy: a set's gain only shrinks, so a popped set whose recomputed gain still tops the
    // queue is the best. Keys order by gain (descending), then index (ascending) for determinism.
    PriorityQueue<long[]> queue =
        new PriorityQueue<>(
            (a, b) -> a[0] != b[0] ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));
    for (int i = 0; i < n; i++) queue.add(new long[] {neighbours[i].length, i});
    List<Integer> centres = new ArrayList<>();
    int uncovered = n;
    while (uncovered > 0) {
      long[] top = queue.poll();
      int i = (int) top[1];
      int gain = 0;
      for (int j : neighbours[i]) if (!covered[j]) gain++;
      if (gain < top[0]) {
        queue.add(new long[] {gain, i});
        continue;
      }
      centres.add(i);
      for (int j : neighbours[i]) {
        if (!covered[j]) {
          covered[j] = true;
          uncovered--;
        }
      }
    }
    return centres.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  /**
   * The {@code quantile} (in (0, 1]) of the distances from each point to its nearest other point
   * (commons-math's default percentile estimate). Needs at least 2 points.
   */
  public static double nearestNeighbourQuantile(float[][] points, double quantile) {
    return nearestNeighbourQuantile(points, quantile, Search.of(points));
  }

  private static double nearestNeighbourQuantile(float[][] points, double quantile, Search search) {
    if (points.length < 2)
      throw new IllegalArgumentException(
          "nearest-neighbour distances need at least 2 points, got " + points.length);
    return new Percentile().evaluate(nearestDistances(points, search), quantile * 100);
  }

  /**
   * Each point's exact distance to its nearest other point, as the scan picks that point: the
   * lowest index among those of the smallest squared distance as the scan computes it (the
   * product's, for wide rows; rounded to float).
   */
  static double[] nearestDistances(float[][] points, Search search) {
    double[] nearest = new double[points.length];
    if (search == Search.INDEX) {
      NeighbourIndex index = new NeighbourIndex(points);
      for (int i = 0; i < points.length; i++) nearest[i] = index.nearestDistance(i);
      return nearest;
    }
    SquaredDistances.forEachBlock(
        points,
        (from, squared, norms) -> {
          int n = points.length;
          for (int b = 0; b < squared.length / n; b++) {
            int i = from + b;
            int best = -1;
            float bestSquared = Float.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
              if (j != i && squared[b * n + j] < bestSquared) {
                bestSquared = squared[b * n + j];
                best = j;
              }
            }
            nearest[i] = distance(points[i], points[best]);
          }
        });
    return nearest;
  }

  /**
   * For each point, the points within {@code radius} of it (itself included), by exact distance.
   */
  static int[][] neighboursWithin(float[][] points, double radius, Search search) {
    int n = points.length;
    int[][] neighbours = new int[n][];
    if (search == Search.INDEX) {
      NeighbourIndex index = new NeighbourIndex(points);
      for (int i = 0; i < n; i++) neighbours[i] = index.within(i, radius);
      return neighbours;
    }
    double r2 = radius * radius;
    SquaredDistances.forEachBlock(
        points,
        (from, squared, norms) -> {
          for (int b = 0; b < squared.length / n; b++) {
            int i = from + b;
            List<Integer> within = new ArrayList<>();
            for (int j = 0; j < n; j++) {
              // The product's rounding error grows with the norms: widen the net, then check
              // exactly.
              double slack = 1e-3 * r2 + 1e-5 * (norms[i] + norms[j]);
              if (j == i
                  || (squared[b * n + j] <= r2 + slack && distance(points[i], points[j]) <= radius))
                within.add(j);
            }
            neighbours[i] = within.stream().mapToInt(Integer::intValue).toArray();
          }
        });
    return neighbours;
  }

  private static double distance(float[] a, float[] b) {
    return NeighbourIndex.distance(a, b);
  }
}
