package io.coopdistill.learners.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The likelihood-ratio attack on a small synthetic site: points in the unit cube with labels drawn
 * at random, so that a model can only know a row's class by having trained on it.
 */
class LikelihoodRatioAttackTest {
  private static final int SHADOWS = 8;
  private static final PrivacyOptions OPTIONS =
      PrivacyOptions.unguarded().withShadowModels(SHADOWS);

  private static Dataset randomRows(String name, int rows, SplittableRandom random) {
    float[][] x = new float[rows][3];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      for (int c = 0; c < 3; c++) x[n][c] = (float) random.nextDouble();
      y[n] = random.nextInt(2);
    }
    return new Dataset(name, FeatureSchema.unitBox(3), List.of("a", "b"), x, y);
  }

  private static final SplittableRandom DRAW = new SplittableRandom(21);
  private static final Dataset ROWS = randomRows("P", 120, DRAW);
  private static final Dataset NON_MEMBERS = randomRows("N", 120, DRAW);
  private static final Dataset UNRELATED = randomRows("V", 40, DRAW);
  private static final int[] SOURCES = IntStream.range(0, 30).toArray();

  /** The first 30 rows, sent unchanged (raw sharing), with their labels. */
  private static List<Lesson> copies() {
    Dataset sent = ROWS.subset("sent", SOURCES);
    return List.of(new Lesson(0, 1, 0, sent.features(), sent.labels(), SOURCES.length, 0, 0));
  }

  /** Instances drawn apart from the rows, said to come from the same 30 rows. */
  private static List<Lesson> unrelated() {
    return List.of(
        new Lesson(0, 1, 0, UNRELATED.features(), UNRELATED.labels(), UNRELATED.size(), 0, 0));
  }

  private static SiteAudit audit(Learner learner, List<Lesson> sent, long seed) {
    return SiteAudit.of(
        0,
        SitePrivacy.of(ROWS, OPTIONS),
        NON_MEMBERS,
        sent,
        SOURCES,
        SOURCES,
        both(learner.train(ROWS, 1)),
        PrivacyAuditTest.ALPHA,
        learner,
        seed);
  }

  /** The site's model as every learner's: the lessons' teacher's too. */
  private static List<Model> both(Model model) {
    return List.of(model, model);
  }

  private static LikelihoodRatioAttack.Figures lira(Learner learner, List<Lesson> sent) {
    return PrivacyAudit.of(List.of(audit(learner, sent, 5)), 5).pooled().lira();
  }

  @Test
  void aMemorisingSnapshotIsFoundAndOneThatIgnoresItsDataIsNot() {
    // 1-NN: every training row gets its own class; a row it did not train on, its neighbour's,
    // right half the time.
    LikelihoodRatioAttack.Figures nearest = lira(ShadowLearners.NEAREST_ROW, copies());
    assertTrue(nearest.measured());
    assertTrue(nearest.snapshotAllRows().auc() > 0.7, nearest.toString());
    assertEquals(ROWS.size(), nearest.snapshotAllRows().members());
    assertEquals(SOURCES.length, nearest.snapshot().members());
    LikelihoodRatioAttack.Figures indifferent = lira(ShadowLearners.INDIFFERENT, copies());
    assertEquals(0.5, indifferent.snapshotAllRows().auc(), 1e-12);
    assertEquals(0.5, indifferent.membership().auc(), 1e-12);
  }

  @Test
  void rowsSentUnchangedAreFoundThroughTheAttackersModelAndUnrelatedInstancesAreNot() {
    LikelihoodRatioAttack.Figures raw = lira(ShadowLearners.NEAREST_ROW, copies());
    assertTrue(raw.membership().auc() > 0.7, raw.toString());
    assertEquals(SOURCES.length, raw.membership().members());
    LikelihoodRatioAttack.Figures apart = lira(ShadowLearners.NEAREST_ROW, unrelated());
    assertTrue(
        apart.membership().auc() > 0.35 && apart.membership().auc() < 0.65, apart.toString());
  }

  @Test
  void theControlsTellASensitiveAttackFromAnInsensitiveOne() {
    // Sure of a training row's class on the row itself, indifferent elsewhere: the copies stand
    // out of every non-member.
    LikelihoodRatioAttack.Figures byHeart = lira(ShadowLearners.BY_HEART, unrelated());
    assertEquals(1.0, byHeart.controls().get(Control.SOURCE_ROWS.ordinal()).tprAt1pctFpr());
    assertEquals(1.0, byHeart.controls().get(Control.RANDOM_ROWS.ordinal()).tprAt1pctFpr());
    assertFalse(byHeart.insensitive());
    assertEquals(1.0, byHeart.snapshotAllRows().tprAt1pctFpr());
    // A model that ignores its data flags no copy ahead of a non-member.
    LikelihoodRatioAttack.Figures indifferent = lira(ShadowLearners.INDIFFERENT, unrelated());
    assertTrue(indifferent.insensitive());
    assertTrue(
        indifferent.controls().get(Control.SOURCE_ROWS.ordinal()).tprAt1pctFpr() < 0.05,
        indifferent.toString());
  }

  @Test
  void theAttackIsSeededAndOffWithoutShadowModels() {
    assertEquals(
        audit(ShadowLearners.NEAREST_ROW, copies(), 5),
        audit(ShadowLearners.NEAREST_ROW, copies(), 5));
    assertNotEquals(
        audit(ShadowLearners.NEAREST_ROW, copies(), 5).lira(),
        audit(ShadowLearners.NEAREST_ROW, copies(), 6).lira(),
        "other halves for the shadows");
    SiteAudit none =
        SiteAudit.of(
            0,
            SitePrivacy.of(ROWS, PrivacyOptions.unguarded()),
            NON_MEMBERS,
            copies(),
            SOURCES,
            SOURCES,
            both(ShadowLearners.NEAREST_ROW.train(ROWS, 1)),
            PrivacyAuditTest.ALPHA,
            ShadowLearners.NEAREST_ROW,
            5);
    assertEquals(LikelihoodRatioAttack.NONE, none.lira());
    assertEquals(
        LikelihoodRatioAttack.Figures.UNMEASURED,
        PrivacyAudit.of(List.of(none), 5).pooled().lira());
  }

  @Test
  void aSiteWhoseHalvesCannotTrainTheLearnerIsNotAttacked() {
    // One row of class b among the 8 candidates: half the shadows would train on class a alone.
    Dataset tiny =
        new Dataset(
            "tiny",
            FeatureSchema.unitBox(3),
            List.of("a", "b"),
            Arrays.copyOf(ROWS.features(), 4),
            new int[] {0, 0, 0, 1});
    Dataset outside =
        new Dataset(
            "outside",
            FeatureSchema.unitBox(3),
            List.of("a", "b"),
            Arrays.copyOf(NON_MEMBERS.features(), 4),
            new int[4]);
    SiteAudit audit =
        SiteAudit.of(
            0,
            SitePrivacy.of(tiny, OPTIONS),
            outside,
            List.of(),
            new int[0],
            new int[0],
            both(ShadowLearners.NEAREST_ROW.train(tiny, 1)),
            PrivacyAuditTest.ALPHA,
            ShadowLearners.NEAREST_ROW,
            5);
    assertEquals(LikelihoodRatioAttack.NONE, audit.lira());
  }

  @Test
  void eachCandidateTrainsHalfTheShadows() {
    boolean[][] in = ShadowModels.halves(50, SHADOWS, new SplittableRandom(3));
    for (int r = 0; r < 50; r++) {
      final int candidate = r;
      assertEquals(
          SHADOWS / 2,
          IntStream.range(0, SHADOWS).filter(s -> in[s][candidate]).count(),
          "candidate " + r);
    }
    assertFalse(Arrays.deepEquals(in, ShadowModels.halves(50, SHADOWS, new SplittableRandom(4))));
  }

  @Test
  void anOddOrNegativeCountOfShadowsIsRefusedByItsKey() {
    for (int bad : new int[] {-2, 3, PrivacyOptions.MOST_SHADOW_MODELS + 2}) {
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> PrivacyOptions.unguarded().withShadowModels(bad));
      assertTrue(
          e.getMessage().contains("coopdistill.privacy.audit.shadow-models"), e.getMessage());
    }
  }

  @Test
  void aManyAgentRoundAttacksASeededSampleOfItsSitesAndASmallOneEverySite() {
    for (long seed : new long[] {1, 2, 3}) {
      assertEquals(16, attacked(1000, 16, seed).size(), "seed " + seed);
      assertEquals(1000, attacked(1000, 0, seed).size());
      assertEquals(16, attacked(16, 16, seed).size());
    }
    assertNotEquals(attacked(1000, 16, 1), attacked(1000, 16, 2));
  }

  /** The sites of {@code sites} that make the attack with at most {@code most} per round. */
  private static List<Integer> attacked(int sites, int most, long seed) {
    return IntStream.range(0, sites)
        .filter(site -> LikelihoodRatioAttack.attacks(site, sites, most, seed))
        .boxed()
        .toList();
  }
}
