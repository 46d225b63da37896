package io.coopdistill.learners.distill.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.expertise.Focus;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The paper's experiment 3 on the real UCI files: decision trees at VA Long Beach, Switzerland and
 * Hungary teach each other; Cleveland is the test set. Each seed holds out a different stratified
 * 20% of every site as its validation split.
 */
class HeartDiseaseDistillationTest {
  // The paper's search (guard none): this reproduces experiment 3; the guards are tested in
  // GuardTest.
  private static final Config ROOT =
      ConfigFactory.parseString("coopdistill.privacy.guard = none")
          .withFallback(ConfigFactory.load());
  private static final SiteData SITES = HeartDisease.load(ROOT);
  // Depth 4: the paper tuned its trees on validation data; unbounded trees overfit sites of 100-240
  // rows.
  // The engine is checked on fixed settings (node-size as configured, no grid search): with
  // node-size
  // chosen on validation data, Hungary's median stays at 0.7360 over these ten seeds.
  private static final Learner TREE =
      Learners.create(
          ConfigFactory.parseString("type = cart, max-depth = 4, grid-validation-fraction = 0"),
          ROOT);
  private static final DistillationMethod SETTINGS = DistillationMethod.fromConfig(ROOT);
  private static final CooperativeDistillation METHOD = new CooperativeDistillation(SETTINGS);

  static List<Site> sites(long seed) {
    List<Site> participants = new ArrayList<>();
    for (Dataset site : SITES.training()) {
      participants.add(new Site(site.name(), TREE, site.stratifiedSplit(0.2, seed).first()));
    }
    return participants;
  }

  @Test
  void everyTreeImprovesInTheMedianOfTenSeeds() {
    int seeds = 10;
    double[][] before = new double[3][seeds];
    double[][] after = new double[3][seeds];
    for (int s = 0; s < seeds; s++) {
      DistillationResult r =
          METHOD.run(sites(s), SITES.test(), s, RoundPhase.Listener.NONE).result();
      for (int i = 0; i < 3; i++) {
        before[i][s] = r.baselineAccuracy()[i];
        after[i][s] = r.distilledAccuracy()[i];
      }
    }
    for (int i = 0; i < 3; i++) {
      System.out.printf(
          "heart-disease trees, %s: median of %d seeds %.4f -> %.4f%n",
          SITES.training().get(i).name(), seeds, median(before[i]), median(after[i]));
      assertTrue(
          median(after[i]) > median(before[i]),
          "learner " + i + " did not improve: " + median(before[i]) + " -> " + median(after[i]));
    }
  }

  @Test
  void eachCurriculumVariantStudiesTheSameLessonsAndIsItsOwnRound() {
    long seed = 4;
    CooperativeDistillation.Outcome both =
        METHOD.run(
            sites(seed),
            SITES.test(),
            seed,
            RoundPhase.Listener.NONE,
            List.of(CurriculumVariant.WITH_SET_COVER, CurriculumVariant.WITHOUT_SET_COVER));
    assertTrue(
        both.result()
            .sameOutcome(
                METHOD.run(sites(seed), SITES.test(), seed, RoundPhase.Listener.NONE).result()),
        "the first variant is the round itself");
    DistillationResult without = both.alsoStudied().get(CurriculumVariant.WITHOUT_SET_COVER);
    DistillationResult ownRound =
        new CooperativeDistillation(SETTINGS.with(SETTINGS.options().withSetCover(false)))
            .run(sites(seed), SITES.test(), seed, RoundPhase.Listener.NONE)
            .result();
    assertTrue(
        without.sameOutcome(ownRound),
        "studied again:\n" + without + "\nits own round:\n" + ownRound);
    assertEquals(
        both.result().phaseSeconds().get(RoundPhase.COUNTERFACTUALS),
        without.phaseSeconds().get(RoundPhase.COUNTERFACTUALS),
        "the counterfactuals were searched once");
    assertTrue(
        both.result().counts().of(Count.KEPT).total() < without.counts().of(Count.KEPT).total(),
        "set cover removed instances");
  }

  @Test
  void theAccountingAddsUpAndTheSameSeedGivesTheSameOutcome() {
    DistillationResult a = METHOD.run(sites(7), SITES.test(), 7, RoundPhase.Listener.NONE).result();
    DistillationResult b = METHOD.run(sites(7), SITES.test(), 7, RoundPhase.Listener.NONE).result();
    assertTrue(a.sameOutcome(b), "two runs of seed 7 differ:\n" + a + "\n" + b);
    for (int i = 0; i < 3; i++) {
      assertEquals(0, a.counts().of(Count.DEFICIENT).get(i, i), "a learner never teaches itself");
      for (int j = 0; j < 3; j++) {
        assertEquals(
            a.counts().of(Count.SEARCHED).get(i, j),
            a.counts().of(Count.GENERATED).get(i, j)
                + a.counts().of(Count.FAILED).get(i, j)
                + a.counts().of(Count.UNCHANGED).get(i, j));
        assertTrue(a.counts().of(Count.KEPT).get(i, j) <= a.counts().of(Count.GENERATED).get(i, j));
        assertEquals(0, a.budgetDropped().get(i, j), "no budget is set");
      }
    }
    assertTrue(a.counts().of(Count.GENERATED).total() > 0, "some counterfactuals were generated");
    assertTrue(
        a.counts().of(Count.KEPT).total() < a.counts().of(Count.GENERATED).total(),
        "set cover removed some");
    assertTrue(a.successRatio() > 0 && a.successRatio() <= 1);
  }

  @Test
  void noVirtualInstanceIsAPrivateRow() {
    List<Site> participants = sites(3);
    List<io.coopdistill.learners.model.Model> models = new ArrayList<>();
    for (int i = 0; i < 3; i++) models.add(TREE.train(participants.get(i).data(), i));
    CounterfactualGenerator generator = SETTINGS.generator();
    int sent = 0;
    for (int site = 0; site < 3; site++) {
      Dataset data = participants.get(site).data();
      SiteTeaching.Deficiencies found =
          SiteTeaching.identify(site, data, models, SETTINGS.options(), 3);
      for (int teacher = 0; teacher < 3; teacher++) {
        for (Lesson lesson :
            SiteTeaching.teach(
                    site,
                    data,
                    teacher,
                    found.ofTeacher(teacher),
                    models,
                    null,
                    generator,
                    SitePrivacy.of(data, SETTINGS.privacy()),
                    3)
                .lessons()) {
          for (float[] x : lesson.features()) {
            sent++;
            for (float[] row : data.features())
              assertFalse(Arrays.equals(x, row), "a private row of " + data.name() + " was sent");
          }
        }
      }
    }
    assertTrue(sent > 0);
  }

  @Test
  void theBudgetLimitsSearchesPerPairAndCountsTheRest() {
    CooperativeDistillation budgeted =
        new CooperativeDistillation(
            SETTINGS.with(DistillationOptions.standard().withPairBudget(5)));
    DistillationResult r =
        budgeted.run(sites(1), SITES.test(), 1, RoundPhase.Listener.NONE).result();
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        assertTrue(
            r.counts().of(Count.SEARCHED).get(i, j) <= 5 * 3,
            "at most 5 rows per site for " + i + "→" + j);
        assertEquals(
            r.counts().of(Count.DEFICIENT).get(i, j),
            r.counts().of(Count.SEARCHED).get(i, j) + r.budgetDropped().get(i, j));
      }
    }
    assertTrue(r.budgetDropped().total() > 0);
  }

  @Test
  void theUnfocusedAblationTeachesFromEveryCorrectRow() {
    CooperativeDistillation unfocused =
        new CooperativeDistillation(
            SETTINGS.with(
                DistillationOptions.standard().withSetCover(false).withFocus(Focus.ALL_CORRECT)));
    DistillationResult focused =
        METHOD.run(sites(2), SITES.test(), 2, RoundPhase.Listener.NONE).result();
    DistillationResult all =
        unfocused.run(sites(2), SITES.test(), 2, RoundPhase.Listener.NONE).result();
    assertArrayEquals(focused.baselineAccuracy(), all.baselineAccuracy());
    for (int i = 0; i < 3; i++)
      for (int j = 0; j < 3; j++)
        assertTrue(
            all.counts().of(Count.DEFICIENT).get(i, j)
                >= focused.counts().of(Count.DEFICIENT).get(i, j));
    assertTrue(
        all.counts().of(Count.DEFICIENT).total() > focused.counts().of(Count.DEFICIENT).total());
  }

  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
  }
}
