package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.SortedMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A method against the baseline at the level of the seeds, the independent units of a run. The
 * agents of one seed share its data draw, its training seed and its round (the instances they teach
 * each other), so their (agent, seed) pairs are not independent replicates: a test over the pairs
 * counts every agent as one and its p can be far smaller than the run supports. Each seed here
 * contributes one gain, the mean over its agents of the method's accuracy minus the baseline's.
 *
 * <p>The interval is a seed-clustered bootstrap: it resamples whole seeds, each with all its
 * agents, and takes the mean of their gains. The agents are not resampled: they are the scenario's
 * fixed sites, not a sample of sites. With few seeds a percentile bootstrap is no wider than the
 * range of the seeds' gains and covers less than 95%; the test is what says whether the gain is
 * told apart from none.
 *
 * <p>The test is the sign-flip permutation test of the seeds' gains (Fisher-Pitman), two-sided:
 * under the null hypothesis that the method does not change the accuracy, each seed's gain is as
 * likely positive as negative, so p is the share of the 2^n sign patterns whose |sum| reaches the
 * observed |sum|. It is exact (every pattern counted) up to {@value #MOST_EXACT} seeds and a seeded
 * Monte Carlo sample of patterns beyond. The observed pattern and its mirror image always count, so
 * with n seeds p is never below 2/2^n: 0.25 with 3 seeds, 0.0625 with 5, 0.002 with 10, whatever
 * the data.
 *
 * @param seeds how many seeds have at least one (agent, seed) pair
 * @param gains each seed's gain, by seed
 * @param meanGain mean of the seeds' gains
 * @param ci95 seed-clustered percentile bootstrap 95% interval of {@code meanGain}
 * @param wins seeds whose gain is positive
 * @param ties seeds whose gain is zero
 * @param losses seeds whose gain is negative
 * @param p two-sided sign-flip permutation p; NaN without seeds
 * @param test {@link #EXACT} or how many random sign patterns estimated {@code p}
 * @param smallestP the smallest p the exact test can give with this many seeds, 2/2^n
 * @param mde the minimum detectable effect, {@link #minimumDetectableEffect}; NaN where no gain is
 *     detectable
 */
public record SeedLevelStatistics(
    int seeds,
    SortedMap<Long, Double> gains,
    double meanGain,
    double[] ci95,
    int wins,
    int ties,
    int losses,
    double p,
    String test,
    double smallestP,
    double mde) {

  public static final String EXACT = "exact sign-flip permutation, two-sided";

  /**
   * Up to this many seeds every sign pattern is counted: two halves of 2^20 sums at most, matched
   * by binary search.
   */
  public static final int MOST_EXACT = 40;

  /**
   * The significance level and power of {@link #minimumDetectableEffect}, the conventional ones.
   */
  static final double ALPHA = 0.05;

  static final double POWER = 0.8;

  /** The statistics of the seeds' gains {@code gains} (seed to mean gain over its agents). */
  public static SeedLevelStatistics of(
      SortedMap<Long, Double> gains, PairedStatistics.Options options) {
    double[] g = gains.values().stream().mapToDouble(Double::doubleValue).toArray();
    int n = g.length;
    int wins = (int) Arrays.stream(g).filter(x -> x > 0).count();
    int ties = (int) Arrays.stream(g).filter(x -> x == 0).count();
    double mean = n == 0 ? Double.NaN : Arrays.stream(g).average().orElseThrow();
    // Each seed's gain stands for the whole seed: resampling the gains resamples whole seeds.
    double[] ci =
        n == 0 ? new double[] {Double.NaN, Double.NaN} : PairedStatistics.bootstrap(g, options);
    double p = n == 0 ? Double.NaN : n <= MOST_EXACT ? signFlipP(g) : signFlipP(g, options);
    String test =
        n <= MOST_EXACT
            ? EXACT
            : "sign-flip permutation, two-sided, " + options.resamples() + " random sign patterns";
    return new SeedLevelStatistics(
        n,
        gains,
        mean,
        ci,
        wins,
        ties,
        n - wins - ties,
        p,
        test,
        n == 0 ? Double.NaN : smallestP(n),
        minimumDetectableEffect(g));
  }

  /** 2/2^n: the exact test's p when every seed's gain has the same sign. */
  static double smallestP(int seeds) {
    return Math.scalb(1.0, 1 - seeds);
  }

  /**
   * The smallest true mean gain that the seed-level test would tell from none (two-sided, at {@link
   * #ALPHA}) with {@link #POWER} probability, given the spread of these seeds' gains: (t_{1-α/2,
   * n-1} + t_{power, n-1}) · s / √n, s the standard deviation of the seeds' gains, the one-sample
   * t-test's approximation to the permutation test's power. NaN where the exact test cannot reach p
   * < α at all (2/2^n ≥ α: fewer than 6 seeds), so that no gain, however large, is detectable, and
   * with a single seed.
   */
  static double minimumDetectableEffect(double[] gains) {
    int n = gains.length;
    if (n < 2 || smallestP(n) >= ALPHA) return Double.NaN;
    double mean = Arrays.stream(gains).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(gains).map(x -> (x - mean) * (x - mean)).sum() / (n - 1));
    TDistribution t = new TDistribution(null, n - 1);
    return (t.inverseCumulativeProbability(1 - ALPHA / 2) + t.inverseCumulativeProbability(POWER))
        * sd
        / Math.sqrt(n);
  }

  /** Exact: the share of all 2^n sign patterns whose |sum| reaches the observed one. */
  static double signFlipP(double[] gains) {
    double observed = observed(gains);
    if (Double.isNaN(observed)) return 1;
    int half = gains.length / 2;
    double[] left = patternSums(gains, 0, half);
    double[] right = patternSums(gains, half, gains.length);
    Arrays.sort(right);
    long reaching = 0;
    // A pattern reaches the observed |sum| when a + b >= observed or a + b <= -observed; the b at
    // most x are those below nextUp(x).
    for (double a : left)
      reaching +=
          right.length
              - firstAtLeast(right, observed - a)
              + firstAtLeast(right, Math.nextUp(-observed - a));
    return reaching / Math.scalb(1.0, gains.length);
  }

  /**
   * Estimated from {@code options.resamples()} sign patterns drawn from the seeded generator, the
   * observed one counted once more.
   */
  static double signFlipP(double[] gains, PairedStatistics.Options options) {
    double observed = observed(gains);
    if (Double.isNaN(observed)) return 1;
    RandomGenerator random = new Well19937c(options.seed());
    long reaching = 0;
    for (int b = 0; b < options.resamples(); b++) {
      double sum = 0;
      for (double g : gains) sum += random.nextBoolean() ? g : -g;
      if (Math.abs(sum) >= observed) reaching++;
    }
    return (reaching + 1.0) / (options.resamples() + 1.0);
  }

  /**
   * The observed |sum| less a rounding allowance, so that a pattern whose |sum| equals it in exact
   * arithmetic counts although its floating-point sum was added up in another order; NaN when every
   * gain is zero (p = 1).
   */
  private static double observed(double[] gains) {
    double scale = Arrays.stream(gains).map(Math::abs).sum();
    double observed = Math.abs(Arrays.stream(gains).sum()) - 1e-9 * scale;
    return observed > 0 ? observed : Double.NaN;
  }

  /** The sums of {@code gains[from..to)} under each of their 2^(to-from) sign patterns. */
  private static double[] patternSums(double[] gains, int from, int to) {
    double[] sums = new double[1 << (to - from)];
    for (int i = from, size = 1; i < to; i++, size *= 2) {
      for (int j = 0; j < size; j++) {
        sums[j + size] = sums[j] - gains[i];
        sums[j] += gains[i];
      }
    }
    return sums;
  }

  /** The index of the first value of {@code sorted} at least {@code x}. */
  private static int firstAtLeast(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  ObjectNode toJson(ObjectNode n) {
    n.put("seeds", seeds);
    ObjectNode perSeed = n.putObject("per_seed_gain");
    gains.forEach((seed, gain) -> perSeed.put(Long.toString(seed), gain));
    PairedStatistics.put(n, "mean_gain", meanGain);
    PairedStatistics.put(n, "ci95", ci95);
    n.put("wins", wins).put("ties", ties).put("losses", losses);
    PairedStatistics.put(n, "p", p);
    n.put("test", test);
    PairedStatistics.put(n, "smallest_p", smallestP);
    PairedStatistics.put(n, "mde", mde);
    return n;
  }
}
