package io.coopdistill.learners.privacy.audit;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.StatUtils;

/**
 * The figures of a membership inference attack from its scores: every record gets a score, a higher
 * one saying "member", and the attack flags the records that score above a threshold. Takes each
 * site's scores sorted ascending. Pooled over sites, every site flags at its own threshold (the
 * scores of different sites need not share a scale): the pooled ROC is the sites' ROCs averaged at
 * each false-positive rate, weighted by their members.
 *
 * <p>Class-matched: a site's non-members count as if they had its members' class mix. The members
 * are the rows behind what was sent, so mostly of the classes a student was taught, while the
 * non-members follow the site's whole mix; unmatched, an attack that only recognises a record's
 * class would score above chance. Each non-member of class c weighs (members of c / members) /
 * (non-members of c / non-members) in every figure (members of a class no non-member has, and
 * non-members of a class no member has, are left out), so a score that depends on the class alone
 * scores AUC ½ and TPR = FPR. The AUC without the weights is kept beside it, labelled unmatched.
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
   * A site's scores as its figures count them, each side ascending.
   *
   * @param weights each non-member's weight, positive (null: 1 each)
   */
  record Sample(double[] members, double[] nonMembers, double[] weights) {
    /** Every non-member weighing 1. */
    static Sample unweighted(double[] members, double[] nonMembers) {
      return new Sample(members, nonMembers, null);
    }

    /** The scores with the non-members weighted to the members' class mix. */
    static Sample classMatched(SiteAudit.Scores scores) {
      int classes =
          1
              + IntStream.concat(
                      IntStream.of(scores.memberClasses()), IntStream.of(scores.nonMemberClasses()))
                  .max()
                  .orElse(0);
      long[] m = new long[classes];
      long[] n = new long[classes];
      for (int c : scores.memberClasses()) m[c]++;
      for (int c : scores.nonMemberClasses()) n[c]++;
      long keptMembers = 0;
      long keptNon = 0;
      for (int c = 0; c < classes; c++) {
        if (m[c] > 0 && n[c] > 0) {
          keptMembers += m[c];
          keptNon += n[c];
        }
      }
      double[] weightOf = new double[classes];
      for (int c = 0; c < classes; c++)
        if (m[c] > 0 && n[c] > 0)
          weightOf[c] = ((double) m[c] / keptMembers) / ((double) n[c] / keptNon);
      int[] memberClasses = scores.memberClasses();
      int[] nonMemberClasses = scores.nonMemberClasses();
      double[] members =
          IntStream.range(0, memberClasses.length)
              .filter(i -> n[memberClasses[i]] > 0)
              .mapToDouble(i -> scores.members()[i])
              .toArray();
      int[] kept =
          IntStream.range(0, nonMemberClasses.length)
              .filter(j -> m[nonMemberClasses[j]] > 0)
              .toArray();
      return new Sample(
          members,
          IntStream.of(kept).mapToDouble(j -> scores.nonMembers()[j]).toArray(),
          IntStream.of(kept).mapToDouble(j -> weightOf[nonMemberClasses[j]]).toArray());
    }

    boolean measured() {
      return members.length > 0 && nonMembers.length > 0;
    }

    /** The non-members' total weight. */
    double nonMemberWeight() {
      return total(nonMembers, weights);
    }

    /**
     * The largest step a non-member makes in the false-positive rate: below it no threshold is
     * measured anywhere on the ROC (1/non-members unweighted).
     */
    double fprStep() {
      double largest = weights == null ? 1 : Arrays.stream(weights).max().orElse(1);
      return largest / nonMemberWeight();
    }
  }

  /**
   * The figures of the attack over sites that scored {@code scores} (class-matched, {@link
   * Sample#classMatched}); the AUC's interval by the bootstrap drawn with {@code seed} ({@code
   * resampled}) or by DeLong's variance.
   */
  static PrivacyAudit.Attack of(List<SiteAudit.Scores> scores, long seed, boolean resampled) {
    List<Sample> sites = scores.stream().map(Sample::classMatched).toList();
    double[] interval = resampled ? aucInterval(sites, seed) : deLongInterval(sites);
    int m = 0;
    int n = 0;
    double smallest = Double.NaN;
    for (Sample site : sites) {
      m += site.members().length;
      n += site.nonMembers().length;
      // Each site flags at its own threshold: the coarsest site's step is the pooled figure's.
      if (site.measured())
        smallest = Double.isNaN(smallest) ? site.fprStep() : Math.max(smallest, site.fprStep());
    }
    return new PrivacyAudit.Attack(
        m,
        n,
        pooled(sites, s -> auc(s.members(), null, s.nonMembers(), s.weights())),
        interval[0],
        interval[1],
        pooled(sites, s -> tprAt(FPR, s.members(), s.nonMembers(), s.weights())),
        smallest,
        pooled(
            scores.stream().map(s -> Sample.unweighted(s.members(), s.nonMembers())).toList(),
            s -> auc(s.members(), null, s.nonMembers(), null)));
  }

  /**
   * ROC AUC: P(a member scores above a non-member) + ½ P(the same), with each score counted its
   * weight (null: once; a bootstrap resample's counts, a class's weight): the area under the
   * interpolated ROC; NaN if either side weighs nothing.
   */
  static double auc(
      double[] members, double[] memberWeight, double[] nonMembers, double[] nonMemberWeight) {
    double totalMembers = total(members, memberWeight);
    double totalNon = total(nonMembers, nonMemberWeight);
    if (totalMembers == 0 || totalNon == 0) return Double.NaN;
    double pairs = 0;
    double below = 0;
    int j = 0;
    for (int i = 0; i < members.length; ) {
      double v = members[i];
      double group = 0;
      while (i < members.length && members[i] == v) group += weight(memberWeight, i++);
      while (j < nonMembers.length && nonMembers[j] < v) below += weight(nonMemberWeight, j++);
      double tied = 0;
      for (int t = j; t < nonMembers.length && nonMembers[t] == v; t++)
        tied += weight(nonMemberWeight, t);
      pairs += group * (below + 0.5 * tied);
    }
    return pairs / (totalMembers * totalNon);
  }

  /**
   * The true-positive rate of the ROC at false-positive rate {@code fpr}, interpolated linearly
   * between the ROC's points (what flagging at random between two thresholds attains): below the
   * first non-member's weight no threshold is measured, and the figure is the interpolation from
   * (0, 0) or from the members flagged before the first non-member. Each non-member counts its
   * weight (null: 1) in the false-positive rate. Records with equal scores are flagged together, so
   * a tie between members and non-members is a diagonal segment. NaN if either side is empty.
   */
  static double tprAt(double fpr, double[] members, double[] nonMembers, double[] nonMemberWeight) {
    if (members.length == 0 || nonMembers.length == 0) return Double.NaN;
    int m = members.length;
    double n = total(nonMembers, nonMemberWeight);
    int i = m;
    int j = nonMembers.length;
    double flagged = 0;
    double previousFpr = 0;
    double previousTpr = 0;
    while (i > 0 || j > 0) {
      double v =
          Math.max(
              i > 0 ? members[i - 1] : Double.NEGATIVE_INFINITY,
              j > 0 ? nonMembers[j - 1] : Double.NEGATIVE_INFINITY);
      while (i > 0 && members[i - 1] == v) i--;
      while (j > 0 && nonMembers[j - 1] == v) flagged += weight(nonMemberWeight, --j);
      double pointFpr = flagged / n;
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
  private static double pooled(List<Sample> sites, ToDoubleFunction<Sample> figure) {
    double sum = 0;
    long weight = 0;
    for (Sample site : sites) {
      if (!site.measured()) continue;
      sum += site.members().length * figure.applyAsDouble(site);
      weight += site.members().length;
    }
    return weight == 0 ? Double.NaN : sum / weight;
  }

  /**
   * The 95% percentile bootstrap interval of the pooled AUC: each site's members and non-members
   * resampled apart (a non-member drawn k times weighs k times its class's weight, the weights
   * being held fixed), the sites' AUCs weighted by their members as in the figure.
   */
  static double[] aucInterval(List<Sample> sites, long seed) {
    long weight = 0;
    for (Sample site : sites) if (site.measured()) weight += site.members().length;
    if (weight == 0) return new double[] {Double.NaN, Double.NaN};
    SplittableRandom random = new SplittableRandom(seed);
    double[] aucs = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      double sum = 0;
      for (Sample site : sites) {
        if (!site.measured()) continue;
        double[] m = site.members();
        double[] n = site.nonMembers();
        double[] drawn = resample(n.length, random, site.weights());
        sum += m.length * auc(m, resample(m.length, random, null), n, drawn);
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
   * its non-members over its members plus the converse over its non-members (weighted: Σ w²(p −
   * p̄)² / (Σ w)², times n/(n − 1), which is DeLong's sample variance over n when every weight is
   * 1); the pooled AUC, a weighted mean of independent sites, as their variances weighted by the
   * squared weights. Cut to [0, 1]. One pass over each site's sorted scores, no resampling.
   */
  static double[] deLongInterval(List<Sample> sites) {
    double sum = 0;
    double variance = 0;
    long weight = 0;
    for (Sample site : sites) {
      if (!site.measured()) continue;
      double[] m = site.members();
      double[] n = site.nonMembers();
      double[] w = site.weights();
      sum += m.length * auc(m, null, n, w);
      variance +=
          (double) m.length
              * m.length
              * (StatUtils.variance(placements(m, n, w)) / m.length
                  + weightedVariance(placements(n, m, null), w));
      weight += m.length;
    }
    if (weight == 0) return new double[] {Double.NaN, Double.NaN};
    double auc = sum / weight;
    double half = Z_975 * Math.sqrt(variance) / weight;
    return new double[] {Math.max(0, auc - half), Math.min(1, auc + half)};
  }

  /**
   * The variance of the weighted mean of {@code values} (weights {@code w}, null: 1 each): Σ w²(v −
   * v̄)² / (Σ w)² · n/(n − 1); 0 for a single value.
   */
  private static double weightedVariance(double[] values, double[] w) {
    int n = values.length;
    if (n < 2) return 0;
    double total = total(values, w);
    double mean = 0;
    for (int j = 0; j < n; j++) mean += weight(w, j) * values[j];
    mean /= total;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      double d = weight(w, j) * (values[j] - mean);
      sum += d * d;
    }
    return sum / (total * total) * n / (n - 1);
  }

  /**
   * Where each of {@code a} lies among {@code b} (both sorted ascending, {@code b} weighted by
   * {@code w}, null: 1 each): the share of {@code b}'s weight below it, ties counting half.
   */
  private static double[] placements(double[] a, double[] b, double[] w) {
    double[] upTo = new double[b.length + 1];
    for (int t = 0; t < b.length; t++) upTo[t + 1] = upTo[t] + weight(w, t);
    double[] share = new double[a.length];
    int below = 0;
    int notAbove = 0;
    for (int i = 0; i < a.length; i++) {
      while (below < b.length && b[below] < a[i]) below++;
      notAbove = Math.max(notAbove, below);
      while (notAbove < b.length && b[notAbove] <= a[i]) notAbove++;
      share[i] = (upTo[below] + 0.5 * (upTo[notAbove] - upTo[below])) / upTo[b.length];
    }
    return share;
  }

  /** How often each of n records is drawn in a bootstrap resample, times its weight (null: 1). */
  private static double[] resample(int n, SplittableRandom random, double[] weights) {
    double[] counts = new double[n];
    for (int k = 0; k < n; k++) counts[random.nextInt(n)]++;
    if (weights != null) for (int k = 0; k < n; k++) counts[k] *= weights[k];
    return counts;
  }

  private static double total(double[] values, double[] weights) {
    if (weights == null) return values.length;
    double sum = 0;
    for (double w : weights) sum += w;
    return sum;
  }

  private static double weight(double[] weights, int index) {
    return weights == null ? 1 : weights[index];
  }
}
