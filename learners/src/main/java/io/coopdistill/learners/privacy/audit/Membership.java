package io.coopdistill.learners.privacy.audit;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The membership inference attack on the virtual instances: the score of a record is minus its L2
 * distance to the nearest instance sent from its site, so a smaller distance says "member". Takes
 * distances sorted ascending.
 */
final class Membership {
  /** Bootstrap resamples behind the AUC's interval. */
  static final int RESAMPLES = 1000;
  /** The false-positive rate at which the attack's true-positive rate is reported. */
  static final double FPR = 0.01;

  private Membership() {}

  /** ROC AUC: P(a member lies closer than a non-member) + ½ P(as close); NaN if either side is empty. */
  static double auc(double[] members, double[] nonMembers) {
    return auc(members, null, nonMembers, null);
  }

  /** The AUC with each distance counted {@code weight} times (null: once), as a bootstrap resample counts them. */
  static double auc(double[] members, int[] memberWeight, double[] nonMembers, int[] nonMemberWeight) {
    long totalMembers = total(members, memberWeight);
    long totalNon = total(nonMembers, nonMemberWeight);
    if (totalMembers == 0 || totalNon == 0) return Double.NaN;
    double pairs = 0;
    long closer = 0;
    int i = 0;
    for (int j = 0; j < nonMembers.length; ) {
      double v = nonMembers[j];
      long group = 0;
      while (j < nonMembers.length && nonMembers[j] == v) group += weight(nonMemberWeight, j++);
      while (i < members.length && members[i] < v) closer += weight(memberWeight, i++);
      long tied = 0;
      for (int t = i; t < members.length && members[t] == v; t++) tied += weight(memberWeight, t);
      pairs += group * (closer + 0.5 * tied);
    }
    return pairs / ((double) totalMembers * totalNon);
  }

  /**
   * The share of members the attack finds when it may wrongly flag at most a share {@code FPR} of
   * the non-members: it flags records strictly closer than the (⌊FPR·n⌋ + 1)-th nearest non-member.
   */
  static double tprAtFpr(double[] members, double[] nonMembers) {
    if (members.length == 0 || nonMembers.length == 0) return Double.NaN;
    double threshold = nonMembers[(int) Math.floor(FPR * nonMembers.length)];
    int flagged = 0;
    while (flagged < members.length && members[flagged] < threshold) flagged++;
    return (double) flagged / members.length;
  }

  /** The 95% percentile bootstrap interval of the AUC, members and non-members resampled apart. */
  static double[] aucInterval(double[] members, double[] nonMembers, long seed) {
    if (members.length == 0 || nonMembers.length == 0) return new double[] {Double.NaN, Double.NaN};
    SplittableRandom random = new SplittableRandom(seed);
    double[] aucs = new double[RESAMPLES];
    for (int b = 0; b < RESAMPLES; b++) {
      aucs[b] = auc(members, resample(members.length, random), nonMembers, resample(nonMembers.length, random));
    }
    Arrays.sort(aucs);
    return new double[] {aucs[(int) Math.floor(0.025 * RESAMPLES)], aucs[(int) Math.ceil(0.975 * RESAMPLES) - 1]};
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
