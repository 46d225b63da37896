package io.coopdistill.learners.privacy.audit;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The figures of a membership inference attack from its scores: every record gets a score, a higher
 * one saying "member", and the attack flags the records that score above a threshold. Takes each
 * site's scores sorted ascending. Pooled over sites, every site flags at its own threshold (the
 * scores of different sites need not share a scale): the pooled ROC is the sites' ROCs averaged at
 * each false-positive rate, weighted by their members.
 */
final class Membership {
  /** Bootstrap resamples behind the AUC's interval. */
  static final int RESAMPLES = 1000;

  /**
   * The most sites an audit draws the AUC's interval for by the bootstrap (every scenario of the
   * paper has at most 10; the bound of a many-agent round, distillation.many-agents, is 16 too). An
   * audit of more sites takes DeLong's interval instead: the bootstrap costs RESAMPLES passes over
   * every record of every site and attack, a third of a 1,000-agent run's CPU.
   */
  static final int BOOTSTRAP_UP_TO_SITES = 16;

  /** The standard normal's 97.5% quantile, for DeLong's 95% interval. */
  private static final double Z_975 = new NormalDistribution().inverseCumulativeProbability(0.975);

  /** The false-positive rate at which the attack's true-positive rate is reported. */
  static final double FPR = 0.01;

  private Membership() {}

  /**
   * The figures of the attack over sites whose members and non-members scored {@code members[s]}
   * and {@code nonMembers[s]}; the AUC's interval by the bootstrap drawn with {@code seed} ({@code
   * resampled}) or by DeLong's variance.
   */
  static PrivacyAudit.Attack of(
      List<double[]> members, List<double[]> nonMembers, long seed, boolean resampled) {
    double[] interval =
        resampled ? aucInterval(members, nonMembers, seed) : deLongInterval(members, nonMembers);
    int m = 0;
    int n = 0;
    double smallest = Double.NaN;
    for (int s = 0; s < members.size(); s++) {
      m += members.get(s).length;
      n += nonMembers.get(s).length;
      // Each site flags at its own threshold: the coarsest site's step is the pooled figure's.
      if (measured(members.get(s), nonMembers.get(s))) {
        double step = 1.0 / nonMembers.get(s).length;
        smallest = Double.isNaN(smallest) ? step : Math.max(smallest, step);
      }
    }
    return new PrivacyAudit.Attack(
        m,
        n,
        pooled(members, nonMembers, Membership::auc),
        interval[0],
        interval[1],
        pooled(members, nonMembers, (mm, nn) -> tprAt(FPR, mm, nn)),
        smallest);
  }

  /**
   * ROC AUC: P(a member scores above a non-member) + ½ P(the same): the area under the interpolated
   * ROC; NaN if either side is empty.
   */
  static double auc(double[] members, double[] nonMembers) {
    return auc(members, null, nonMembers, null);
  }

  /**
   * The AUC with each score counted {@code weight} times (null: once), as a bootstrap resample
   * counts them.
   */
  static double auc(
      double[] members, int[] memberWeight, double[] nonMembers, int[] nonMemberWeight) {
    long totalMembers = total(members, memberWeight);
    long totalNon = total(nonMembers, nonMemberWeight);
    if (totalMembers == 0 || totalNon == 0) return Double.NaN;
    double pairs = 0;
    long below = 0;
    int j = 0;
    for (int i = 0; i < members.length; ) {
      double v = members[i];
      long group = 0;
      while (i < members.length && members[i] == v) group += weight(memberWeight, i++);
      while (j < nonMembers.length && nonMembers[j] < v) below += weight(nonMemberWeight, j++);
      long tied = 0;
      for (int t = j; t < nonMembers.length && nonMembers[t] == v; t++)
        tied += weight(nonMemberWeight, t);
      pairs += group * (below + 0.5 * tied);
    }
    return pairs / ((double) totalMembers * totalNon);
  }

  /**
   * The true-positive rate of the ROC at false-positive rate {@code fpr}, interpolated linearly
   * between the ROC's points (what flagging at random between two thresholds attains): below 1/n (n
   * non-members) no threshold is measured, and the figure is the interpolation from (0, 0) or from
   * the members flagged before the first non-member. Records with equal scores are flagged
   * together, so a tie between members and non-members is a diagonal segment. NaN if either side is
   * empty.
   */
  static double tprAt(double fpr, double[] members, double[] nonMembers) {
    if (!measured(members, nonMembers)) return Double.NaN;
    int m = members.length;
    int n = nonMembers.length;
    int i = m;
    int j = n;
    double previousFpr = 0;
    double previousTpr = 0;
    while (i > 0 || j > 0) {
      double v =
          Math.max(
              i > 0 ? members[i - 1] : Double.NEGATIVE_INFINITY,
              j > 0 ? nonMembers[j - 1] : Double.NEGATIVE_INFINITY);
      while (i > 0 && members[i - 1] == v) i--;
      while (j > 0 && nonMembers[j - 1] == v) j--;
      double pointFpr = (double) (n - j) / n;
      double pointTpr = (double) (m - i) / m;
      if (pointFpr > fpr)
        return previousTpr
            + (fpr - previousFpr) / (pointFpr - previousFpr) * (pointTpr - previousTpr);
      previousFpr = pointFpr;
      previousTpr = pointTpr;
    }
    return previousTpr;
  }

  /**
   * {@code figure} of each site with members and non-members, weighted by its members; NaN if there
   * is none.
   */
  private static double pooled(List<double[]> members, List<double[]> nonMembers, Figure figure) {
    double sum = 0;
    long weight = 0;
    for (int s = 0; s < members.size(); s++) {
      if (!measured(members.get(s), nonMembers.get(s))) continue;
      sum += members.get(s).length * figure.of(members.get(s), nonMembers.get(s));
      weight += members.get(s).length;
    }
    return weight == 0 ? Double.NaN : sum / weight;
  }

  private interface Figure {
    double of(double[] members, double[] nonMembers);
  }

  private static boolean measured(double[] members, double[] nonMembers) {
    return members.length > 0 && nonMembers.length > 0;
  }

  /**
   * The 95% percentile bootstrap interval of the pooled AUC: each site's members and non-members
   * resampled apart, the sites' AUCs weighted by their members as in the figure.
   */
  static double[] aucInterval(List<double[]> members, List<double[]> nonMembers, long seed) {
    long weight = 0;
    for (int s = 0; s < members.size(); s++)
      if (measured(members.get(s), nonMembers.get(s))) weight += members.get(s).length;
    if (weight == 0) return new double[] {Double.NaN, Double.NaN};
    SplittableRandom random = new SplittableRandom(seed);
    double[] aucs = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      double sum = 0;
      for (int s = 0; s < members.size(); s++) {
        double[] m = members.get(s);
        double[] n = nonMembers.get(s);
        if (measured(m, n))
          sum += m.length * auc(m, resample(m.length, random), n, resample(n.length, random));
      }
      aucs[b] = sum / weight;
    }
    Arrays.sort(aucs);
    return new double[] {
      aucs[(int) Math.floor(0.025 * RESAMPLES)], aucs[(int) Math.ceil(0.975 * RESAMPLES) - 1]
    };
  }

  /**
   * The 95% normal interval of the pooled AUC from DeLong's variance (DeLong, DeLong and
   * Clarke-Pearson 1988): each site's AUC varies as the variance of its members' placements among
   * its non-members over its members plus the converse over its non-members; the pooled AUC, a
   * weighted mean of independent sites, as their variances weighted by the squared weights. Cut to
   * [0, 1]. One pass over each site's sorted scores, no resampling.
   */
  static double[] deLongInterval(List<double[]> members, List<double[]> nonMembers) {
    double sum = 0;
    double variance = 0;
    long weight = 0;
    for (int s = 0; s < members.size(); s++) {
      double[] m = members.get(s);
      double[] n = nonMembers.get(s);
      if (!measured(m, n)) continue;
      sum += m.length * auc(m, n);
      variance +=
          (double) m.length
              * m.length
              * (StatUtils.variance(placements(m, n)) / m.length
                  + StatUtils.variance(placements(n, m)) / n.length);
      weight += m.length;
    }
    if (weight == 0) return new double[] {Double.NaN, Double.NaN};
    double auc = sum / weight;
    double half = Z_975 * Math.sqrt(variance) / weight;
    return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
  }

  /**
   * Where each of {@code a} lies among {@code b} (both sorted ascending): the share of {@code b}
   * below it, ties counting half.
   */
  private static double[] placements(double[] a, double[] b) {
    double[] share = new double[a.length];
    int below = 0;
    int upTo = 0;
    for (int i = 0; i < a.length; i++) {
      while (below < b.length && b[below] < a[i]) below++;
      upTo = Math.max(upTo, below);
      while (upTo < b.length && b[upTo] <= a[i]) upTo++;
      share[i] = (below + 0.5 * (upTo - below)) / b.length;
    }
    return share;
  }

  private static int[] resample(int n, SplittableRandom random) {
    int[] counts = new int[n];
    for (int k = 0; k < n; k++) counts[random.nextInt(n)]++;
    return counts;
  }

  private static long total(double[] values, int[] weights) {
    if (weights == null) return values.length;
    long sum = 0;
    for (int w : weights) sum += w;
    return sum;
  }

  private static long weight(int[] weights, int index) {
    return weights == null ? 1 : weights[index];
  }
}
