package io.coopdistill.learners.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The audit's figures match the non-members' classes to the members': the members are the rows
 * behind what was sent, mostly of the classes taught, and an attack must not score by telling those
 * classes from the others.
 */
class ClassMatchedTest {
  /** Members all of class 0; non-members half of class 0, half of class 1. */
  private static final int[] MEMBER_CLASSES = new int[200];

  private static final int[] NON_MEMBER_CLASSES =
      IntStream.range(0, 400).map(j -> j < 200 ? 0 : 1).toArray();

  private static PrivacyAudit.Attack figures(SiteAudit.Scores scores, boolean resampled) {
    return PrivacyAudit.attack(List.of(scores), s -> s, 1, resampled);
  }

  @Test
  void anAttackThatOnlyTellsTheClassScoresChance() {
    // Score = "is of class 0": every member 1, the non-members 1 (class 0) or 0 (class 1).
    double[] members = new double[200];
    Arrays.fill(members, 1);
    double[] nonMembers = IntStream.range(0, 400).mapToDouble(j -> j < 200 ? 1 : 0).toArray();
    SiteAudit.Scores scores =
        new SiteAudit.Scores(members, MEMBER_CLASSES, nonMembers, NON_MEMBER_CLASSES);
    for (boolean resampled : new boolean[] {true, false}) {
      PrivacyAudit.Attack a = figures(scores, resampled);
      // Unmatched: every member beats half the non-members and ties the other half.
      assertEquals(0.75, a.aucUnmatched(), 1e-12);
      assertEquals(0.5, a.auc(), 1e-12);
      // Every record tied: the ROC is the diagonal.
      assertEquals(0.01, a.tprAt1pctFpr(), 1e-12);
      assertArrayEquals(new double[] {0.5, 0.5}, new double[] {a.aucLow(), a.aucHigh()}, 1e-12);
      // The class-1 non-members weigh nothing and are left out: 200 non-members of class 0.
      assertEquals(200, a.members());
      assertEquals(200, a.nonMembers());
      assertEquals(1 / 200.0, a.smallestFpr(), 1e-12);
    }
  }

  @Test
  void aClassOnlyScoreScoresChanceWhateverTheMixes() {
    // Members 3:1 of classes 0 and 1, non-members 1:3; each class scores its own noise, the same
    // for members and non-members.
    Random random = new Random(11);
    int[] memberClasses = IntStream.range(0, 400).map(i -> i < 300 ? 0 : 1).toArray();
    int[] nonMemberClasses = IntStream.range(0, 400).map(j -> j < 100 ? 0 : 1).toArray();
    double[] members =
        IntStream.of(memberClasses).mapToDouble(c -> 2 * c + random.nextGaussian()).toArray();
    double[] nonMembers =
        IntStream.of(nonMemberClasses).mapToDouble(c -> 2 * c + random.nextGaussian()).toArray();
    // Higher scores for class 1, which the non-members have more of: unmatched, below chance.
    PrivacyAudit.Attack a =
        figures(new SiteAudit.Scores(members, memberClasses, nonMembers, nonMemberClasses), true);
    assertTrue(a.aucUnmatched() < 0.4, "unmatched " + a.aucUnmatched());
    assertEquals(0.5, a.auc(), 0.05);
    assertTrue(a.aucLow() < 0.5 && 0.5 < a.aucHigh(), a.toString());
    // A class-0 non-member weighs 3, a class-1 one 1/3: the coarsest step is a class-0 one's.
    double classZeroWeight = (300 / 400.0) / (100 / 400.0);
    double total = 100 * classZeroWeight + 300 * ((100 / 400.0) / (300 / 400.0));
    assertEquals(classZeroWeight / total, a.smallestFpr(), 1e-12);
  }

  @Test
  void anAttackThatTellsMembersStillScoresHigh() {
    Random random = new Random(5);
    double[] members =
        IntStream.range(0, 200).mapToDouble(i -> 5 + random.nextGaussian()).toArray();
    double[] nonMembers = IntStream.range(0, 400).mapToDouble(j -> random.nextGaussian()).toArray();
    for (boolean resampled : new boolean[] {true, false}) {
      PrivacyAudit.Attack a =
          figures(
              new SiteAudit.Scores(members, MEMBER_CLASSES, nonMembers, NON_MEMBER_CLASSES),
              resampled);
      assertTrue(a.auc() > 0.99, a.toString());
      assertTrue(a.aucLow() > 0.98, a.toString());
      assertTrue(a.tprAt1pctFpr() > 0.9, a.toString());
    }
  }

  @Test
  void aWeightCountsAsThatManyCopies() {
    // Non-member 2 weighing 3 is non-member 2 thrice.
    double[] members = {1, 2.5, 4};
    double[] nonMembers = {0, 2, 3};
    double[] weights = {1, 3, 1};
    double[] copies = {0, 2, 2, 2, 3};
    assertEquals(
        Membership.auc(members, null, copies, null),
        Membership.auc(members, null, nonMembers, weights),
        1e-12);
    for (double fpr : new double[] {0.1, 0.3, 0.5, 0.9})
      assertEquals(
          Membership.tprAt(fpr, members, copies, null),
          Membership.tprAt(fpr, members, nonMembers, weights),
          1e-12);
  }

  @Test
  void membersOfAClassNoNonMemberHasAreLeftOut() {
    // Class 2 has members only; class 1 non-members only.
    SiteAudit.Scores scores =
        new SiteAudit.Scores(
            new double[] {5, 6, 7}, new int[] {0, 0, 2}, new double[] {1, 2}, new int[] {0, 1});
    Membership.Sample s = Membership.Sample.classMatched(scores);
    assertArrayEquals(new double[] {5, 6}, s.members());
    assertArrayEquals(new double[] {1}, s.nonMembers());
    assertArrayEquals(new double[] {1}, s.weights());
  }

  @Test
  void scoresSortWithTheirClasses() {
    SiteAudit.Scores scores =
        new SiteAudit.Scores(
            new double[] {3, 1, 2}, new int[] {0, 1, 2}, new double[] {9, 8}, new int[] {4, 5});
    assertArrayEquals(new double[] {1, 2, 3}, scores.members());
    assertArrayEquals(new int[] {1, 2, 0}, scores.memberClasses());
    assertArrayEquals(new double[] {8, 9}, scores.nonMembers());
    assertArrayEquals(new int[] {5, 4}, scores.nonMemberClasses());
  }
}
