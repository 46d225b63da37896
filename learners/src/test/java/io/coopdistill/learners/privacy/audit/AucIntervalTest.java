package io.coopdistill.learners.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The AUC's interval: the bootstrap up to a few sites, DeLong's beyond. */
class AucIntervalTest {
  /** Scores drawn from a normal around {@code shift}, sorted as the audit takes them. */
  private static double[] scores(Random random, int n, double shift) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) v[i] = shift + random.nextGaussian();
    Arrays.sort(v);
    return v;
  }

  /** {@code sites} sites' scores, {@code n} each. */
  private static List<double[]> sites(Random random, int sites, int n, double shift) {
    List<double[]> all = new ArrayList<>();
    for (int s = 0; s < sites; s++) all.add(scores(random, n, shift));
    return all;
  }

  /** Each site's members and non-members, every non-member weighing 1. */
  private static List<Membership.Sample> samples(
      List<double[]> members, List<double[]> nonMembers) {
    return IntStream.range(0, members.size())
        .mapToObj(s -> Membership.Sample.unweighted(members.get(s), nonMembers.get(s)))
        .toList();
  }

  /** The same as the audit's scores, every record of one class. */
  static List<SiteAudit.Scores> scores(List<double[]> members, List<double[]> nonMembers) {
    return IntStream.range(0, members.size())
        .mapToObj(s -> SiteAudit.Scores.ofOneClass(members.get(s), nonMembers.get(s)))
        .toList();
  }

  @Test
  void deLongMatchesTheHandComputedVarianceOfASmallSite() {
    // Members {1, 3}, non-members {0, 2}: placements of the members among the non-members 1/2 and
    // 1, of the non-members among the members 0 and 1/2; AUC 3/4; variance 1/8 / 2 + 1/8 / 2.
    double[] interval =
        Membership.deLongInterval(
            samples(List.of(new double[] {1, 3}), List.of(new double[] {0, 2})));
    double half = 1.959963984540054 * Math.sqrt(0.125);
    assertArrayEquals(new double[] {0.75 - half, 1}, interval, 1e-12);
  }

  @Test
  void deLongCountsTiesHalfAndIsEmptyWithoutBothSides() {
    // Every score tied: AUC 1/2 and every placement 1/2, so no variance.
    assertArrayEquals(
        new double[] {0.5, 0.5},
        Membership.deLongInterval(
            samples(List.of(new double[] {1, 1}), List.of(new double[] {1, 1, 1}))),
        1e-12);
    double[] none =
        Membership.deLongInterval(samples(List.of(new double[0]), List.of(new double[] {1})));
    assertTrue(Double.isNaN(none[0]) && Double.isNaN(none[1]));
  }

  @Test
  void deLongAgreesWithTheBootstrapOverManySites() {
    Random random = new Random(7);
    List<double[]> members = sites(random, 40, 20, 0.5);
    List<double[]> nonMembers = sites(random, 40, 30, 0);
    double[] bootstrap = Membership.aucInterval(samples(members, nonMembers), 1);
    double[] deLong = Membership.deLongInterval(samples(members, nonMembers));
    double width = bootstrap[1] - bootstrap[0];
    assertEquals(bootstrap[0], deLong[0], 0.1 * width);
    assertEquals(bootstrap[1], deLong[1], 0.1 * width);
  }

  @Test
  void theAttackTakesTheIntervalItIsAskedForAndNothingElseChanges() {
    Random random = new Random(3);
    List<double[]> members = sites(random, 3, 10, 1);
    List<double[]> nonMembers = sites(random, 3, 10, 0);
    PrivacyAudit.Attack resampled = Membership.of(scores(members, nonMembers), 1, true);
    PrivacyAudit.Attack deLong = Membership.of(scores(members, nonMembers), 1, false);
    assertArrayEquals(
        Membership.aucInterval(samples(members, nonMembers), 1),
        new double[] {resampled.aucLow(), resampled.aucHigh()});
    assertArrayEquals(
        Membership.deLongInterval(samples(members, nonMembers)),
        new double[] {deLong.aucLow(), deLong.aucHigh()});
    assertEquals(resampled.auc(), deLong.auc());
    assertEquals(resampled.tprAt1pctFpr(), deLong.tprAt1pctFpr());
  }
}
