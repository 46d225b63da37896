package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Sites of different sizes with the same class mix (quantity skew): each site first gets {@code
 * minRows} rows, and the rest are shared in proportion to weights drawn from a log-normal
 * distribution, exp(N(0, sigma²)); the rows themselves are drawn at random, as {@link Iid}'s. The
 * logs of the weights spread with standard deviation sigma: with sigma = 1 a site's weight is
 * typically within a factor e (2.7) of the median site's; as sigma goes to 0 the sizes become
 * equal.
 *
 * @param sigma the standard deviation of the log of a site's weight, &gt; 0
 * @param minRows the fewest rows a site gets, at least 1
 */
public record QuantitySkew(int sites, double sigma, int minRows) implements Partition {
  public QuantitySkew {
    require(sites >= 1, "the number of sites", "at least 1", sites);
    require(sigma > 0 && Double.isFinite(sigma), PartitionOptions.PATH + ".sigma", "> 0", sigma);
    require(minRows >= 1, PartitionOptions.PATH + ".min-rows", "at least 1", minRows);
  }

  @Override
  public int[][] assign(int[] labels, int classes, long seed) {
    Dirichlet.requireMinimum("quantity-skew", sites, minRows, labels.length);
    RandomGenerator random = Rows.random(seed);
    double[] weights = new LogNormalDistribution(random, 0, sigma).sample(sites);
    int[] sizes = Rows.apportion(labels.length - sites * minRows, weights);
    for (int i = 0; i < sites; i++) sizes[i] += minRows;
    return Rows.blocks(Rows.shuffled(labels.length, random), sizes);
  }
}
