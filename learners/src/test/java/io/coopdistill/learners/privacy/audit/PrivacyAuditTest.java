package io.coopdistill.learners.privacy.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.DpAnchorOptions;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.learners.privacy.SitePrivacy;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PrivacyAuditTest {
  static final PrivacyOptions OPTIONS = PrivacyOptions.unguarded();

  /** The teacher's influence α of the searches the tests stand for. */
  static final double ALPHA = 0.5;

  private static final FeatureSchema PLANE =
      new FeatureSchema(
          List.of("x", "y"), new float[] {-100, -100}, new float[] {100, 100}, List.of(), null);

  static Dataset points(String name, float[][] x, FeatureSchema schema) {
    return new Dataset(name, schema, List.of("a", "b"), x, new int[x.length]);
  }

  static List<Lesson> sent(float[][] x) {
    return List.of(new Lesson(0, 1, 0, x, new int[x.length], x.length, 0, 0));
  }

  /** {@code rows} points drawn uniformly from the unit box of {@code width} dimensions. */
  static Dataset uniformPoints(String name, int rows, int width, SplittableRandom random) {
    return points(name, uniform(rows, width, random), FeatureSchema.unitBox(width));
  }

  static float[][] uniform(int rows, int width, SplittableRandom random) {
    float[][] x = new float[rows][width];
    for (float[] row : x) for (int c = 0; c < width; c++) row[c] = (float) random.nextDouble();
    return x;
  }

  /**
   * The pooled figures of a site with private rows {@code rows} that sent {@code instances} made
   * from {@code sources}, with no anchor.
   */
  private static PrivacyAudit.Figures pooled(
      Dataset rows,
      Dataset nonMembers,
      float[][] instances,
      int[] sources,
      Model snapshot,
      long seed) {
    SiteAudit audit =
        SiteAudit.of(
            0,
            SitePrivacy.of(rows, OPTIONS),
            nonMembers,
            sent(instances),
            sources,
            sources,
            List.of(snapshot, snapshot),
            ALPHA,
            ShadowLearners.INDIFFERENT,
            seed);
    return PrivacyAudit.of(List.of(audit), seed).pooled();
  }

  static int[] firstRows(int n) {
    return IntStream.range(0, n).toArray();
  }

  /** A model that says nothing: the same probabilities everywhere. */
  static Model indifferent(int width) {
    return new TableModel(width, x -> new float[] {0.5f, 0.5f});
  }

  /**
   * A model that has learnt its rows by heart: sure of their class on them, indifferent elsewhere.
   */
  private static Model memorising(Dataset rows) {
    return new TableModel(
        rows.numFeatures(),
        x -> {
          for (int i = 0; i < rows.size(); i++) {
            if (Arrays.equals(rows.row(i), x))
              return rows.label(i) == 0 ? new float[] {1, 0} : new float[] {0, 1};
          }
          return new float[] {0.5f, 0.5f};
        });
  }

  record TableModel(int numFeatures, java.util.function.Function<float[], float[]> of)
      implements Model {
    @Override
    public int numClasses() {
      return 2;
    }

    @Override
    public float[][] predictProba(float[][] x) {
      return Arrays.stream(x).map(of).toArray(float[][]::new);
    }

    @Override
    public ModelSnapshot snapshot() {
      throw new UnsupportedOperationException("a test model");
    }
  }

  @Test
  void selectionMatchedNonMembersAreTheOnesTheRuleSelects() {
    // Every record is of class 0. The teacher (learner 1) predicts it everywhere; the student
    // (learner 0, the site's own model) only left of x = 10: the rule selects x ≥ 10.
    Model student = new TableModel(2, x -> x[0] < 10 ? new float[] {1, 0} : new float[] {0, 1});
    Model teacher = new TableModel(2, x -> new float[] {1, 0});
    Dataset rows = points("P", new float[][] {{0, 0}, {5, 0}, {12, 0}, {15, 0}}, PLANE);
    Dataset nonMembers = points("N", new float[][] {{1, 1}, {11, 1}, {14, 1}, {30, 1}}, PLANE);
    int[] sources = {2, 3};
    SiteAudit audit =
        SiteAudit.of(
            0,
            SitePrivacy.of(rows, OPTIONS),
            nonMembers,
            List.of(
                new Lesson(0, 1, 0, new float[][] {{12.5f, 0}, {15.5f, 0}}, new int[2], 2, 0, 0)),
            sources,
            sources,
            List.of(student, teacher),
            ALPHA,
            ShadowLearners.INDIFFERENT,
            1);
    assertEquals(2, audit.instancesSelected().members().length);
    assertEquals(3, audit.instancesSelected().nonMembers().length, "(1, 1) is not selected");
    assertEquals(4, audit.instances().nonMembers().length);
    // The snapshot is sure of no selected record (its student gets them wrong), member or not: the
    // selection alone told the members apart (AUC 0.375 against every non-member), not membership.
    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(audit), 1).pooled();
    assertEquals(0.375, f.snapshot().auc(), 1e-9);
    assertEquals(0.5, f.snapshotSelected().auc(), 1e-9);
    assertEquals(1.0, f.selected().auc(), 1e-9, "the instances lie next to their sources");
  }

  @Test
  void aHandBuiltGeometryGivesTheExpectedFigures() {
    // Nearest other rows: 1, 1, 2, 3, and a duplicate of (6, 0) that does not count: r_s = 1.
    Dataset rows = points("P", new float[][] {{0, 0}, {1, 0}, {3, 0}, {6, 0}, {6, 0}}, PLANE);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    assertEquals(1.0, privacy.radius());
    // (6, 0) copies a private row: a member by value, not a non-member.
    Dataset nonMembers = points("N", new float[][] {{0.5f, 1}, {20, 0}, {3, 2.5f}, {6, 0}}, PLANE);
    // Distances to the closest row: 0.5 (a near-copy), 2, 4. Their sources: rows 0, 2 and 3.
    SiteAudit audit =
        SiteAudit.of(
            0,
            privacy,
            nonMembers,
            sent(new float[][] {{0.5f, 0}, {3, 2}, {10, 0}}),
            new int[] {0, 2, 3},
            new int[] {0, 2, 3},
            List.of(indifferent(2), indifferent(2)),
            ALPHA,
            ShadowLearners.INDIFFERENT,
            1);
    assertArrayEquals(new double[] {0.5, 2, 4}, audit.dcr());
    // Members (rows 0, 2, 3 and row 4, a copy of row 3) to the nearest instance: 0.5, 2, √13, √13;
    // every row: also row 1 at 0.5.
    double far = -Math.sqrt(13);
    assertArrayEquals(new double[] {far, far, -2, -0.5}, audit.instances().members(), 1e-6);
    assertArrayEquals(
        new double[] {far, far, -2, -0.5, -0.5}, audit.instancesAllRows().members(), 1e-6);
    // Non-members: 0.5, 1, 10; the copy of (6, 0) is left out.
    assertArrayEquals(new double[] {-10, -1, -0.5}, audit.instances().nonMembers(), 1e-6);

    PrivacyAudit.Figures f = PrivacyAudit.of(List.of(audit), 1).sites().get(0);
    assertEquals(3, f.sent());
    assertEquals(1, f.nearCopies());
    assertEquals(1 / 3.0, f.nearCopyRate());
    assertArrayEquals(new double[] {0.5, 0.5, 2}, f.dcr());
    assertEquals(4, f.membership().members());
    assertEquals(3, f.membership().nonMembers());
    // Member-closer pairs: 0.5 ties 0.5 and beats 1 and 10 (2.5), 2 beats 10 (1), √13 twice beats
    // 10 (2): 5.5 of 12.
    assertEquals(5.5 / 12, f.membership().auc(), 1e-12);
    // The ROC's first point is (1/3, 1/4) (0.5 ties on both sides): 1% FPR interpolates to 1/4 ·
    // 3/100.
    assertEquals(0.0075, f.membership().tprAt1pctFpr(), 1e-12);
    assertEquals(1 / 3.0, f.membership().smallestFpr());
    assertTrue(
        f.membership().aucLow() <= f.membership().auc()
            && f.membership().auc() <= f.membership().aucHigh(),
        f.toString());
    PrivacyAudit.Figures pooled = PrivacyAudit.of(List.of(audit), 1).pooled();
    // One site pooled: the same figures (its bootstrap drawn with another seed).
    assertEquals(f.membership().auc(), pooled.membership().auc());
    assertEquals(f.membership().tprAt1pctFpr(), pooled.membership().tprAt1pctFpr());
    assertEquals(-1, pooled.site());
    // The controls copy rows: every copy lies at 0, every non-member further: all flagged.
    for (Control c : Control.values())
      assertEquals(1.0, f.controls().get(c.ordinal()).tprAt1pctFpr(), c.toString());
    assertFalse(f.insensitive());
    // A model that says nothing: the snapshot attack is chance.
    assertEquals(0.5, f.snapshot().auc());
  }

  @Test
  void theRocIsInterpolatedBetweenItsPoints() {
    // Members 3 and 1, non-members 2 and 0: points (0, ½), (½, ½), (½, 1), (1, 1).
    assertEquals(0.5, Membership.tprAt(0.25, new double[] {1, 3}, new double[] {0, 2}, null));
    assertEquals(1.0, Membership.tprAt(0.5, new double[] {1, 3}, new double[] {0, 2}, null));
    // Members 2 and 1, non-members 1 and 0: the tie at 1 is the diagonal from (0, ½) to (½, 1).
    assertEquals(
        0.75, Membership.tprAt(0.25, new double[] {1, 2}, new double[] {0, 1}, null), 1e-12);
    // Below the first measured point: from (0, 0) to (¼, 1), the member tied with one non-member of
    // four.
    assertEquals(
        0.04, Membership.tprAt(0.01, new double[] {1}, new double[] {0, 0, 0, 1}, null), 1e-12);
    // 200 non-members at 1..200, members at 300, 250, 150 and 0.5 (scores: higher says member).
    double[] nonMembers = IntStream.rangeClosed(1, 200).asDoubleStream().toArray();
    double[] members = {0.5, 150, 250, 300};
    // 1% of 200 = 2 non-members (200, 199) flagged: 300 and 250 found; the next point (1.5%) finds
    // no more.
    assertEquals(0.5, Membership.tprAt(0.01, members, nonMembers, null));
    // 250 and 300 beat every non-member, 150 beats 149 and ties one, 0.5 none: (2·200 + 149.5) /
    // 800.
    assertEquals((2 * 200 + 149.5) / 800.0, Membership.auc(members, null, nonMembers, null), 1e-12);
  }

  @Test
  void eachSiteFlagsAtItsOwnThreshold() {
    // Site 0's scores lie near 0, site 1's near 100: at each site every member beats every
    // non-member.
    double[] members0 = {0.9, 0.95};
    double[] nonMembers0 = IntStream.range(0, 100).mapToDouble(n -> n / 200.0).toArray();
    double[] members1 = {100.9, 100.95, 100.99};
    double[] nonMembers1 = IntStream.range(0, 100).mapToDouble(n -> 100 + n / 200.0).toArray();
    PrivacyAudit.Attack a =
        Membership.of(
            AucIntervalTest.scores(List.of(members0, members1), List.of(nonMembers0, nonMembers1)),
            1,
            true);
    assertEquals(1.0, a.tprAt1pctFpr());
    assertEquals(1.0, a.auc());
    assertEquals(5, a.members());
    assertEquals(200, a.nonMembers());
    assertEquals(0.01, a.smallestFpr());
    // One threshold over both sites would flag site 1's non-members before site 0's members.
    double[] allMembers = {0.9, 0.95, 100.9, 100.95, 100.99};
    double[] allNonMembers =
        Arrays.stream(new double[][] {nonMembers0, nonMembers1})
            .flatMapToDouble(Arrays::stream)
            .sorted()
            .toArray();
    assertEquals(0.6, Membership.tprAt(0.01, allMembers, allNonMembers, null), 1e-12);
    // The pooled figures weigh each site by its members: 2/5 of site 0's, 3/5 of site 1's.
    PrivacyAudit.Attack half =
        Membership.of(
            AucIntervalTest.scores(
                List.of(members0, new double[] {-1, -1, -1}), List.of(nonMembers0, nonMembers1)),
            1,
            true);
    assertEquals(0.4, half.tprAt1pctFpr(), 1e-12);
    assertEquals(0.4, half.auc(), 1e-12);
  }

  @Test
  void copiesOfTheRowsAreFlaggedAndRandomInstancesAreNot() {
    SplittableRandom random = new SplittableRandom(5);
    FeatureSchema box = FeatureSchema.unitBox(6);
    float[][] own = uniform(300, 6, random);
    own[1] = own[0].clone();
    Dataset rows = points("P", own, box);
    float[][] others = uniform(300, 6, random);
    // A non-member that duplicates a private row (as real data sets have): it must not hide the
    // copies.
    others[0] = own[7].clone();
    Dataset nonMembers = points("N", others, box);
    // Raw sharing: the first 30 rows themselves (row 1 is row 0's duplicate, a member with it).
    int[] sources = firstRows(30);
    float[][] copies = IntStream.of(sources).mapToObj(i -> own[i].clone()).toArray(float[][]::new);
    PrivacyAudit.Figures copied = pooled(rows, nonMembers, copies, sources, indifferent(6), 2);
    assertEquals(1.0, copied.membership().tprAt1pctFpr(), copied.toString());
    assertEquals(1.0, copied.membership().auc());
    assertEquals(30, copied.membership().members());
    assertEquals(299, copied.membership().nonMembers());
    // Over every row, the 30 copies are a tenth of the members.
    assertEquals(0.1, copied.allRows().tprAt1pctFpr(), 0.01);
    assertFalse(copied.insensitive());

    // Instances drawn at random, whatever rows they claim to come from: no better than chance.
    PrivacyAudit.Figures noise =
        pooled(rows, nonMembers, uniform(300, 6, random), firstRows(300), indifferent(6), 2);
    assertTrue(noise.membership().tprAt1pctFpr() < 0.05, noise.toString());
    assertTrue(
        noise.membership().auc() > 0.44 && noise.membership().auc() < 0.56, noise.toString());
    // The same attack still flags the controls' copies: the figures above are the attack's finding,
    // not its blindness.
    for (Control c : Control.values())
      assertEquals(1.0, noise.controls().get(c.ordinal()).tprAt1pctFpr(), c.toString());
    // 5% of 300 rows, and row 1 too if row 0 was drawn (or the other way round).
    int randomMembers = noise.controls().get(Control.RANDOM_ROWS.ordinal()).members();
    assertTrue(
        randomMembers == 15 || randomMembers == 16,
        "members of the random control: " + randomMembers);
  }

  @Test
  void anAttackThatMissesAControlIsInsensitive() {
    PrivacyAudit.Attack found = new PrivacyAudit.Attack(10, 100, 1, 1, 1, 1, 0.01, 1);
    PrivacyAudit.Attack missed = new PrivacyAudit.Attack(10, 100, 0.7, 0.6, 0.8, 0.3, 0.01, 0.7);
    PrivacyAudit.Attack none = PrivacyAudit.Attack.UNMEASURED;
    assertFalse(withControls(found, found).insensitive());
    assertTrue(withControls(found, missed).insensitive());
    assertFalse(withControls(none, found).insensitive(), "nothing to copy is no miss");
  }

  /** Figures whose every attack found its members, with the controls {@code controls}. */
  private static PrivacyAudit.Figures withControls(PrivacyAudit.Attack... controls) {
    PrivacyAudit.Attack found = new PrivacyAudit.Attack(10, 100, 1, 1, 1, 1, 0.01, 1);
    return new PrivacyAudit.Figures(
        0,
        1,
        3,
        0,
        0,
        new double[] {1, 1, 1},
        found,
        found,
        List.of(controls),
        found,
        found,
        found,
        found,
        LikelihoodRatioAttack.Figures.UNMEASURED,
        Collections.emptySortedMap());
  }

  @Test
  void theRowsAnAnchorAveragedAreMembers() {
    FeatureSchema line =
        new FeatureSchema(List.of("x"), new float[] {-100}, new float[] {100}, List.of(), null);
    Dataset rows =
        new Dataset(
            "line",
            line,
            List.of("a", "b"),
            new float[][] {{0}, {1}, {2}, {3}, {4}, {10}, {20}, {30}},
            new int[8]);
    SitePrivacy anchorMean =
        SitePrivacy.of(
            rows,
            new PrivacyOptions(
                PrivacyOptions.Guard.ANCHOR_MEAN,
                3,
                PrivacyOptions.KRows.NEAREST,
                20,
                1e-3,
                0,
                DpAnchorOptions.defaults(),
                0,
                0));
    assertArrayEquals(
        new int[] {0, 1, 2}, Arrays.stream(anchorMean.anchorRows(0)).sorted().toArray());
    assertArrayEquals(new int[] {0}, SitePrivacy.of(rows, OPTIONS).anchorRows(0));
    // An instance at the anchor (1, the mean of 0, 1 and 2) came from row 0: rows 0, 1 and 2 are
    // members.
    SiteAudit audit =
        SiteAudit.of(
            0,
            anchorMean,
            points("N", new float[][] {{50}, {60}}, line),
            sent(new float[][] {{1}}),
            new int[] {0},
            anchorMean.anchorRows(0),
            List.of(indifferent(1), indifferent(1)),
            ALPHA,
            ShadowLearners.INDIFFERENT,
            3);
    assertArrayEquals(new double[] {-1, -1, 0}, audit.instances().members(), 1e-6);
    assertEquals(8, audit.instancesAllRows().members().length);
  }

  @Test
  void theSnapshotAttackFindsTheRowsAModelLearntByHeart() {
    SplittableRandom random = new SplittableRandom(11);
    Dataset rows = uniformPoints("P", 200, 3, random);
    Dataset nonMembers = uniformPoints("N", 200, 3, random);
    float[][] nothingLike = uniform(20, 3, random);
    PrivacyAudit.Figures byHeart =
        pooled(rows, nonMembers, nothingLike, firstRows(20), memorising(rows), 4);
    assertEquals(1.0, byHeart.snapshot().tprAt1pctFpr());
    assertEquals(20, byHeart.snapshot().members());
    assertEquals(1.0, byHeart.snapshotAllRows().tprAt1pctFpr());
    assertEquals(200, byHeart.snapshotAllRows().members());
    PrivacyAudit.Figures indifferent =
        pooled(rows, nonMembers, nothingLike, firstRows(20), indifferent(3), 4);
    assertEquals(0.5, indifferent.snapshotAllRows().auc());
  }

  @Test
  void testRowsAreSeenAsTheSiteSeesThemSoAFeatureItLacksRevealsNothing() {
    SplittableRandom random = new SplittableRandom(7);
    FeatureSchema box = FeatureSchema.unitBox(3);
    // The site lacks feature 2 (encoded 0 in all its rows); the test set has it, like German
    // credit's parts.
    float[][] own = uniform(400, 3, random);
    for (float[] row : own) row[2] = 0;
    Dataset rows = points("P", own, box);
    Dataset test = points("T", uniform(400, 3, random), box);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    Dataset nonMembers = SiteAudit.nonMembers(0, privacy, null, test, 9);
    assertEquals(400, nonMembers.size());
    for (int n = 0; n < nonMembers.size(); n++) {
      assertEquals(0f, nonMembers.row(n)[2], "feature 2 as the site sees it");
      assertTrue(
          nonMembers.row(n)[0] > 0 || nonMembers.row(n)[1] > 0,
          "the features the site has are kept");
    }
    assertTrue(test.row(0)[2] != 0, "the test set itself is not changed");
    // Instances drawn independently of the members, in the site's own space: chance, not the
    // missing feature, decides.
    float[][] instances = uniform(400, 3, random);
    for (float[] v : instances) v[2] = 0;
    PrivacyAudit.Figures f = pooled(rows, nonMembers, instances, firstRows(400), indifferent(3), 3);
    assertTrue(f.membership().auc() >= 0.45 && f.membership().auc() <= 0.55, f.toString());
    // The raw test rows would have been told apart by feature 2 alone.
    PrivacyAudit.Figures raw = pooled(rows, test, instances, firstRows(400), indifferent(3), 3);
    assertTrue(raw.membership().auc() > 0.7, raw.toString());
  }

  @Test
  void theAuditIsReproducible() {
    SplittableRandom random = new SplittableRandom(8);
    Dataset rows = uniformPoints("P", 100, 3, random);
    Dataset test = uniformPoints("T", 100, 3, random);
    SitePrivacy privacy = SitePrivacy.of(rows, OPTIONS);
    List<Lesson> lessons = sent(uniform(50, 3, random));
    // Each audit draws its own non-members and scores them afresh.
    Supplier<SiteAudit> audit =
        () ->
            SiteAudit.of(
                0,
                privacy,
                SiteAudit.nonMembers(0, privacy, null, test, 4),
                lessons,
                firstRows(50),
                firstRows(50),
                List.of(memorising(rows), memorising(rows)),
                ALPHA,
                ShadowLearners.INDIFFERENT,
                4);
    SiteAudit a = audit.get();
    SiteAudit b = audit.get();
    assertEquals(a, b);
    assertEquals(PrivacyAudit.of(List.of(a), 4), PrivacyAudit.of(List.of(b), 4));
  }
}
