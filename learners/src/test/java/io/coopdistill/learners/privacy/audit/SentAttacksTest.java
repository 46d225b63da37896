package io.coopdistill.learners.privacy.audit;

import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.ALPHA;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.OPTIONS;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.firstRows;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.indifferent;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.points;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.sent;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.uniform;
import static io.coopdistill.learners.privacy.audit.PrivacyAuditTest.uniformPoints;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The output-space and anchor-inversion attacks: each finds what it should, misses what it cannot
 * see, and is reported insensitive when it misses a control's copies.
 */
class SentAttacksTest {
  private static final String OUTPUT_SPACE = "output_space";
  private static final String ANCHOR_INVERSION = "anchor_inversion";

  /**
   * The pooled figures of site 0 (rows {@code rows}) that sent {@code lessons} from {@code
   * sources}.
   */
  private static PrivacyAudit.Figures pooled(
      Dataset rows, Dataset nonMembers, List<Lesson> lessons, int[] sources, Model teacher) {
    SiteAudit audit =
        SiteAudit.of(
            0,
            SitePrivacy.of(rows, OPTIONS),
            nonMembers,
            lessons,
            sources,
            sources,
            List.of(teacher, teacher),
            ALPHA,
            ShadowLearners.INDIFFERENT,
            5);
    return PrivacyAudit.of(List.of(audit), 5).pooled();
  }

  private static PrivacyAudit.Attacked attack(PrivacyAudit.Figures f, String key) {
    return f.attacks().get(key);
  }

  @Test
  void bothAttacksFindExactCopiesAndPassTheirControls() {
    SplittableRandom random = new SplittableRandom(1);
    Dataset rows = uniformPoints("P", 100, 3, random);
    Dataset nonMembers = uniformPoints("N", 100, 3, random);
    float[][] copies = Arrays.copyOf(rows.features(), 50);
    PrivacyAudit.Figures f = pooled(rows, nonMembers, sent(copies), firstRows(50), indifferent(3));
    assertEquals(List.of(ANCHOR_INVERSION, OUTPUT_SPACE), List.copyOf(f.attacks().keySet()));
    for (String key : f.attacks().keySet()) {
      PrivacyAudit.Attacked a = attack(f, key);
      assertEquals(50, a.membership().members(), key);
      assertEquals(1.0, a.membership().auc(), 1e-12, key);
      assertEquals(1.0, a.membership().tprAt1pctFpr(), 1e-12, key);
      assertEquals(1.0, a.controls().get(Control.SOURCE_ROWS.ordinal()).tprAt1pctFpr(), 1e-12);
      assertFalse(a.insensitive(), key);
    }
  }

  @Test
  void farRandomPointsRevealNothingToEitherAttack() {
    SplittableRandom random = new SplittableRandom(2);
    float[][] far = uniform(100, 3, random);
    for (float[] x : far) for (int c = 0; c < x.length; c++) x[c] += 10;
    PrivacyAudit.Figures f =
        pooled(
            uniformPoints("P", 200, 3, random),
            uniformPoints("N", 200, 3, random),
            sent(far),
            firstRows(100),
            indifferent(3));
    for (String key : f.attacks().keySet()) {
      PrivacyAudit.Attacked a = attack(f, key);
      assertTrue(Math.abs(a.membership().auc() - 0.5) < 0.1, key + ": " + a.membership());
      // The controls still send copies, which the attack finds: its 0.5 means something.
      assertFalse(a.insensitive(), key);
    }
  }

  @Test
  void theOutputSpaceAttackUndoesTheMoveTowardTheTarget() {
    OutputSpaceAttack attack = new OutputSpaceAttack(0.5);
    // y' = f(x) + ½(onehot(1) − f(x)) = (0.25, 0.75) for f(x) = (0.5, 0.5).
    assertArrayEquals(new float[] {0.5f, 0.5f}, attack.undone(new float[] {0.25f, 0.75f}, 1));
    // Cut to [0, 1] where the search overshot its target.
    assertArrayEquals(new float[] {0, 1}, attack.undone(new float[] {0f, 1f}, 1));
    assertArrayEquals(
        new float[] {0.2f, 0.8f}, new OutputSpaceAttack(1).undone(new float[] {0.2f, 0.8f}, 1));
  }

  @Test
  void anOutputSpaceAttackMisledByTheTeachersOutputsIsInsensitive() {
    // The teacher is indifferent on the private rows and sure of class 1 elsewhere; the non-members
    // lie a hair from the source rows. A copy of a class-0 row undoes to (0, 1), which its own
    // output (½, ½) misses and the non-members' (0, 1) matches: they outscore the copies.
    SplittableRandom random = new SplittableRandom(3);
    Dataset rows = uniformPoints("P", 100, 3, random);
    float[][] near = new float[50][];
    for (int n = 0; n < near.length; n++) {
      near[n] = rows.row(n).clone();
      near[n][0] += 1e-3f;
    }
    Dataset nonMembers = points("N", near, FeatureSchema.unitBox(3));
    Model teacher =
        new PrivacyAuditTest.TableModel(
            3,
            x ->
                Arrays.stream(rows.features()).anyMatch(r -> Arrays.equals(r, x))
                    ? new float[] {0.5f, 0.5f}
                    : new float[] {0, 1});
    PrivacyAudit.Figures f =
        pooled(rows, nonMembers, sent(Arrays.copyOf(rows.features(), 50)), firstRows(50), teacher);
    PrivacyAudit.Attacked output = attack(f, OUTPUT_SPACE);
    assertTrue(output.controls().get(Control.SOURCE_ROWS.ordinal()).tprAt1pctFpr() < 0.5);
    assertTrue(output.insensitive());
    // The distance attack, which the outputs do not mislead, flags the same copies.
    assertFalse(f.insensitive());
    assertFalse(attack(f, ANCHOR_INVERSION).insensitive());
  }

  /**
   * Ten tight clusters of three rows each in 4 dimensions, then 70 rows elsewhere; each cluster's
   * mean is an anchor.
   */
  private static Dataset clustered(SplittableRandom random) {
    float[][] x = new float[100][4];
    for (int i = 0; i < 10; i++) {
      float[] centre = uniform(1, 4, random)[0];
      for (int r = 0; r < 3; r++)
        for (int c = 0; c < 4; c++)
          x[3 * i + r][c] = centre[c] + (float) (0.02 * random.nextDouble());
    }
    float[][] rest = uniform(70, 4, random);
    System.arraycopy(rest, 0, x, 30, 70);
    return points("P", x, FeatureSchema.unitBox(4));
  }

  private static float[] mean(Dataset rows, int from, int count) {
    float[] mean = new float[rows.numFeatures()];
    for (int i = from; i < from + count; i++)
      for (int c = 0; c < mean.length; c++) mean[c] += rows.row(i)[c] / count;
    return mean;
  }

  @Test
  void pooledInstancesOfOneAnchorGiveTheAnchorBackAndFindItsRows() {
    SplittableRandom random = new SplittableRandom(4);
    Dataset rows = clustered(random);
    // Three teachers search from each cluster's anchor; each moves one coordinate by 0.3.
    List<Lesson> lessons = new ArrayList<>();
    List<float[]> nonMembers = new ArrayList<>();
    float[][] anchors = new float[10][];
    for (int t = 0; t < 3; t++) {
      float[][] x = new float[10][];
      for (int i = 0; i < 10; i++) {
        anchors[i] = mean(rows, 3 * i, 3);
        x[i] = anchors[i].clone();
        x[i][t] += 0.3f;
        // Non-members lie next to the instances, 0.3 from the anchor.
        float[] next = x[i].clone();
        next[3] += 0.01f;
        nonMembers.add(next);
      }
      lessons.add(new Lesson(0, t, 3, x, new int[10], 10, 0, 0));
    }
    float[][] estimated = AnchorInversionAttack.anchors(lessons);
    Arrays.sort(estimated, Arrays::compare);
    Arrays.sort(anchors, Arrays::compare);
    assertArrayEquals(anchors, estimated);

    SiteAudit audit =
        SiteAudit.of(
            0,
            SitePrivacy.of(rows, OPTIONS),
            points("N", nonMembers.toArray(float[][]::new), FeatureSchema.unitBox(4)),
            lessons,
            new int[] {0, 3, 6, 9, 12, 15, 18, 21, 24, 27},
            firstRows(30),
            List.of(indifferent(4), indifferent(4), indifferent(4), indifferent(4)),
            ALPHA,
            ShadowLearners.INDIFFERENT,
            6);
    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(audit), 6).pooled();
    // The instances lie nearer the non-members than the rows; their anchor lies among the rows.
    assertTrue(f.membership().auc() < 0.1, "distance attack " + f.membership());
    assertEquals(1.0, attack(f, ANCHOR_INVERSION).membership().auc(), 1e-12);
    assertEquals(1.0, attack(f, ANCHOR_INVERSION).membership().tprAt1pctFpr(), 1e-12);
  }

  @Test
  void anAnchorInversionThatMergesTheCopiesItWasSentIsInsensitive() {
    // Pairs of rows that agree on three coordinates and lie 1 apart in the fourth: sent unchanged,
    // each pair looks like one anchor searched twice, and its estimate falls between the two rows,
    // where the non-members lie.
    SplittableRandom random = new SplittableRandom(5);
    float[][] x = new float[80][];
    List<float[]> nonMembers = new ArrayList<>();
    for (int j = 0; j < 20; j++) {
      float[] base = uniform(1, 4, random)[0];
      x[2 * j] = base;
      x[2 * j + 1] = base.clone();
      x[2 * j + 1][3] += 1;
      float[] between = base.clone();
      between[3] += 0.5f;
      for (int c = 0; c < 4; c++) between[c] += (float) (0.01 * random.nextDouble());
      nonMembers.add(between);
    }
    float[][] rest = uniform(40, 4, random);
    System.arraycopy(rest, 0, x, 40, 40);
    FeatureSchema box =
        new FeatureSchema(
            List.of("a", "b", "c", "d"),
            new float[] {0, 0, 0, 0},
            new float[] {2, 2, 2, 2},
            List.of(),
            null);
    Dataset rows = points("P", x, box);
    PrivacyAudit.Figures f =
        pooled(
            rows,
            points("N", nonMembers.toArray(float[][]::new), box),
            sent(Arrays.copyOf(x, 40)),
            firstRows(40),
            indifferent(4));
    PrivacyAudit.Attacked inversion = attack(f, ANCHOR_INVERSION);
    assertTrue(inversion.controls().get(Control.SOURCE_ROWS.ordinal()).tprAt1pctFpr() < 0.5);
    assertTrue(inversion.insensitive());
    assertFalse(f.insensitive(), "the distance attack flags the copies");
  }

  @Test
  void aSiteThatSentNothingHasItsRandomControlScoredAlikeWithOrWithoutEmptyLessons() {
    SplittableRandom random = new SplittableRandom(6);
    SitePrivacy privacy = SitePrivacy.of(uniformPoints("P", 100, 3, random), OPTIONS);
    Dataset nonMembers = uniformPoints("N", 100, 3, random);
    List<Model> models = List.of(indifferent(3), indifferent(3));
    Function<List<Lesson>, SiteAudit> audit =
        lessons ->
            SiteAudit.of(
                0,
                privacy,
                nonMembers,
                lessons,
                new int[0],
                new int[0],
                models,
                ALPHA,
                ShadowLearners.INDIFFERENT,
                7);
    SiteAudit none = audit.apply(List.of());
    SiteAudit empty =
        audit.apply(List.of(new Lesson(0, 1, 1, new float[0][], new int[0], 0, 0, 0)));
    assertEquals(none, empty);
    for (SiteAudit.Attacked a : none.attacks().values()) {
      // The random control's copies are sent and scored by every attack, nothing sent or not.
      double[] copies = a.controls().get(Control.RANDOM_ROWS.ordinal()).members();
      assertEquals(5, copies.length);
      assertTrue(Double.isFinite(copies[0]));
    }
  }
}
