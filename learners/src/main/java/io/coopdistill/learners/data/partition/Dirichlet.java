package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Label skew drawn from a Dirichlet distribution (Flower's DirichletPartitioner, after Yurochkin et
 * al. 2019): for each class in turn, the sites' shares of its rows are drawn from a symmetric
 * Dirichlet(alpha) and its shuffled rows cut accordingly. A small alpha (0.1) gives most of a class
 * to one or two sites; a large one (100) about equal shares, close to {@link Iid}. When a site ends
 * with fewer than {@code minRows} rows the whole split is drawn again, at most {@code maxTries}
 * times.
 *
 * @param selfBalancing as Flower's self_balancing: a site that already holds more than the average
 *     share of rows (rows / sites) gets no rows of the classes still to come
 */
public record Dirichlet(int sites, double alpha, int minRows, boolean selfBalancing, int maxTries)
    implements Partition {
  public Dirichlet {
    require(sites >= 1, "the number of sites", "at least 1", sites);
    require(alpha > 0 && Double.isFinite(alpha), PartitionOptions.PATH + ".alpha", "> 0", alpha);
    require(minRows >= 1, PartitionOptions.PATH + ".min-rows", "at least 1", minRows);
    require(maxTries >= 1, PartitionOptions.PATH + ".max-tries", "at least 1", maxTries);
  }

  @Override
  public int[][] assign(int[] labels, int classes, long seed) {
    requireMinimum("dirichlet", sites, minRows, labels.length);
    RandomGenerator random = Rows.random(seed);
    GammaDistribution gamma = new GammaDistribution(random, alpha, 1);
    int[] everySite = IntStream.range(0, sites).toArray();
    int best = 0;
    for (int attempt = 0; attempt < maxTries; attempt++) {
      IntStream.Builder[] parts = Rows.builders(sites);
      int[] sizes = new int[sites];
      for (int c = 0; c < classes; c++) {
        int[] members = Rows.shuffledOfClass(labels, c, random);
        if (members.length == 0) continue;
        int[] counts = Rows.apportion(members.length, shares(gamma, random, sizes, labels.length));
        Rows.deal(members, counts, everySite, parts);
        for (int i = 0; i < sites; i++) sizes[i] += counts[i];
      }
      int least = Arrays.stream(sizes).min().orElse(0);
      if (least >= minRows) return Rows.sorted(parts);
      best = Math.max(best, least);
    }
    throw new IllegalArgumentException(
        "dirichlet (alpha = "
            + alpha
            + "): in "
            + maxTries
            + " tries no split gave each of the "
            + sites
            + " sites "
            + PartitionOptions.PATH
            + ".min-rows = "
            + minRows
            + " of the "
            + labels.length
            + " rows (the best left a site "
            + best
            + "); raise alpha, lower min-rows, use fewer sites or more "
            + PartitionOptions.PATH
            + ".max-tries");
  }

  /**
   * One class's shares: a Dirichlet(alpha) draw (normalised Gamma(alpha) draws), without the sites
   * over the average when self-balancing. Draws that all underflow to 0 (alpha near 0) give the
   * class to one site, the Dirichlet's limit.
   */
  private double[] shares(GammaDistribution gamma, RandomGenerator random, int[] sizes, int rows) {
    double[] p = gamma.sample(sites);
    if (Arrays.stream(p).sum() == 0) p[random.nextInt(sites)] = 1;
    if (!selfBalancing) return p;
    double[] balanced = p.clone();
    for (int i = 0; i < sites; i++) if (sizes[i] > (double) rows / sites) balanced[i] = 0;
    return Arrays.stream(balanced).sum() > 0 ? balanced : p;
  }

  /**
   * @throws IllegalArgumentException when {@code rows} cannot give each of {@code sites} sites
   *     {@code minRows}
   */
  static void requireMinimum(String partition, int sites, int minRows, int rows) {
    if ((long) sites * minRows > rows) {
      throw new IllegalArgumentException(
          partition
              + ": "
              + sites
              + " sites of at least "
              + PartitionOptions.PATH
              + ".min-rows = "
              + minRows
              + " rows need "
              + (long) sites * minRows
              + " rows, but there are "
              + rows);
    }
  }
}
