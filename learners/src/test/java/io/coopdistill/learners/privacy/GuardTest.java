package io.coopdistill.learners.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.SiteTeaching;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The guards over a real round: three CART sites of the heart disease data teach each other. */
class GuardTest {
  private static final Config ROOT = ConfigFactory.load();
  private static final SiteData SITES = HeartDisease.load(ROOT);
  // Fixed settings, no grid search: the test needs trees whose unguarded search sends near-copies.
  private static final Learner TREE =
      Learners.create(
          ConfigFactory.parseString("type = cart, max-depth = 4, grid-validation-fraction = 0"),
          ROOT);
  private static final DistillationMethod METHOD = DistillationMethod.fromConfig(ROOT);

  /** Every instance each site sends in one round, searched under {@code guard}, per site. */
  private static List<List<float[]>> round(PrivacyOptions.Guard guard, List<SitePrivacy> privacy) {
    List<Dataset> data =
        SITES.training().stream().map(d -> d.stratifiedSplit(0.2, 3).first()).toList();
    List<Model> models = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) models.add(TREE.train(data.get(i), i));
    List<List<float[]>> sent = new ArrayList<>();
    for (int site = 0; site < data.size(); site++) {
      SitePrivacy p = SitePrivacy.of(data.get(site), METHOD.privacy().with(guard));
      privacy.add(p);
      SiteTeaching.Deficiencies found =
          SiteTeaching.identify(site, data.get(site), models, METHOD.options(), 3);
      List<float[]> instances = new ArrayList<>();
      for (int teacher = 0; teacher < data.size(); teacher++) {
        SiteTeaching.Taught taught =
            SiteTeaching.teach(
                site,
                data.get(site),
                teacher,
                found.ofTeacher(teacher),
                models,
                null,
                METHOD.generator(),
                p,
                3);
        for (Lesson lesson : taught.lessons()) instances.addAll(List.of(lesson.features()));
        // The rows behind the instances, for the audit: their sources and every row their anchors
        // averaged.
        assertArrayEquals(
            IntStream.of(taught.sources())
                .flatMap(i -> IntStream.of(p.anchorRows(i)))
                .distinct()
                .sorted()
                .toArray(),
            taught.behind());
        if (guard == PrivacyOptions.Guard.ANCHOR_MEAN && taught.sources().length > 0) {
          assertTrue(
              taught.behind().length > taught.sources().length, "anchor rows beside the sources");
        }
      }
      sent.add(instances);
    }
    return sent;
  }

  @ParameterizedTest
  @EnumSource(
      value = PrivacyOptions.Guard.class,
      names = {"FLOOR", "ANCHOR_MEAN"})
  void noSentInstanceLiesWithinRsOfAPrivateRowOfItsSite(PrivacyOptions.Guard guard) {
    List<SitePrivacy> privacy = new ArrayList<>();
    List<List<float[]>> sent = round(guard, privacy);
    int total = 0;
    for (int site = 0; site < sent.size(); site++) {
      SitePrivacy p = privacy.get(site);
      assertTrue(p.radius() > 0, "r_s of site " + site);
      for (float[] x : sent.get(site)) {
        total++;
        double nearest = p.rows().distance(x);
        assertTrue(
            nearest >= p.radius(),
            guard
                + ": an instance of site "
                + site
                + " lies "
                + nearest
                + " from a private row, r_s = "
                + p.radius());
      }
    }
    assertTrue(total > 20, guard + " sent only " + total + " instances");
  }

  @Test
  void withoutAGuardSomeInstancesAreNearCopies() {
    List<SitePrivacy> privacy = new ArrayList<>();
    List<List<float[]>> sent = round(PrivacyOptions.Guard.NONE, privacy);
    long near = 0;
    for (int site = 0; site < sent.size(); site++) {
      SitePrivacy p = privacy.get(site);
      near += sent.get(site).stream().filter(x -> p.rows().distance(x) < p.radius()).count();
    }
    assertTrue(
        near > 0,
        "the paper's search sent no near-copy: the guard tests above would prove nothing");
  }

  @Test
  void theAnchorIsTheMeanOfTheKNearestSameClassRows() {
    FeatureSchema line =
        new FeatureSchema(List.of("x"), new float[] {-100}, new float[] {100}, List.of(), null);
    Dataset data =
        new Dataset(
            "line",
            line,
            List.of("a", "b"),
            new float[][] {{0}, {1}, {2}, {3}, {4}, {10}, {0.5f}},
            new int[] {0, 0, 0, 0, 0, 0, 1});
    // The 5 nearest rows of class 0 to 0 are 0..4 (not 10, nor the class-1 row at 0.5): their mean
    // is 2.
    float[] anchor =
        SitePrivacy.of(data, PrivacyOptions.unguarded().with(PrivacyOptions.Guard.ANCHOR_MEAN))
            .anchor(new float[] {0}, 0);
    assertArrayEquals(new float[] {2}, anchor);
    assertArrayEquals(
        new float[] {0},
        SitePrivacy.of(data, PrivacyOptions.unguarded()).anchor(new float[] {0}, 0));
  }

  @Test
  void theGuardsOldNameIsRefusedNamingTheNewOne() {
    Config renamed =
        ConfigFactory.parseString(PrivacyOptions.PATH + ".guard = k-anonymous").withFallback(ROOT);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyOptions.fromConfig(renamed));
    assertTrue(
        e.getMessage().contains(PrivacyOptions.PATH + ".guard = anchor-mean"), e.getMessage());
    assertEquals(
        PrivacyOptions.Guard.ANCHOR_MEAN, PrivacyOptions.fromConfig(ROOT).guard(), "the default");
  }

  @Test
  void theLocalAndRandomAnchorsAverageKDrawnSameClassRowsTheSameWayEveryTime() {
    FeatureSchema line =
        new FeatureSchema(List.of("x"), new float[] {-100}, new float[] {100}, List.of(), null);
    float[][] x = new float[11][];
    int[] y = new int[11];
    for (int i = 0; i < 10; i++) x[i] = new float[] {i};
    x[10] = new float[] {0.5f};
    y[10] = 1;
    Dataset data = new Dataset("line", line, List.of("a", "b"), x, y);
    // random, k = the class size: every source's anchor is the class mean, wherever the source
    // lies.
    SitePrivacy wholeClass = SitePrivacy.of(data, anchorMean(10, PrivacyOptions.KRows.RANDOM));
    assertEquals(4.5f, wholeClass.anchor(new float[] {0}, 0)[0], 1e-5);
    assertEquals(4.5f, wholeClass.anchor(new float[] {9}, 0)[0], 1e-5);
    // local, k = 2: two of the source's 4 nearest class-0 rows (0..3), never the class-1 row at
    // 0.5.
    SitePrivacy local = SitePrivacy.of(data, anchorMean(2, PrivacyOptions.KRows.LOCAL));
    for (int source = 0; source < 3; source++) {
      float twice = 2 * local.anchor(new float[] {source}, 0)[0];
      assertTrue(
          twice == Math.rint(twice) && twice >= 1 && twice <= 5,
          "mean of two distinct rows of 0..3: " + twice / 2);
      assertArrayEquals(
          local.anchor(new float[] {source}, 0),
          local.anchor(new float[] {source}, 0),
          "seeded by the source");
    }
    // random, k = 3: three distinct class-0 rows drawn from the whole class.
    SitePrivacy random = SitePrivacy.of(data, anchorMean(3, PrivacyOptions.KRows.RANDOM));
    float thrice = 3 * random.anchor(new float[] {0}, 0)[0];
    assertEquals(Math.rint(thrice), thrice, 1e-4);
    assertTrue(
        thrice >= 0 + 1 + 2 && thrice <= 7 + 8 + 9, "three distinct rows of 0..9: " + thrice / 3);
  }

  private static PrivacyOptions anchorMean(int k, PrivacyOptions.KRows rows) {
    return new PrivacyOptions(
        PrivacyOptions.Guard.ANCHOR_MEAN, k, rows, 20, 1e-3, 0, DpAnchorOptions.defaults(), 0, 0);
  }

  @Test
  void theFloorPushesACandidateOutOfEveryRowsBall() {
    FeatureSchema plane =
        new FeatureSchema(
            List.of("x", "y"), new float[] {-100, -100}, new float[] {100, 100}, List.of(), null);
    Dataset data =
        new Dataset(
            "plane", plane, List.of("a", "b"), new float[][] {{0, 0}, {1, 0}, {3, 0}}, new int[3]);
    SitePrivacy floor =
        SitePrivacy.of(data, PrivacyOptions.unguarded().with(PrivacyOptions.Guard.FLOOR));
    assertEquals(1.0, floor.radius());
    float[] candidate = {0.5f, 0.1f};
    assertTrue(floor.admit(candidate, plane));
    assertTrue(floor.rows().distance(candidate) >= 1, Arrays.toString(candidate));
    // A margin of 2 pushes to 3·r_s: from (0, 0) (the first of two equally near rows), then,
    // landing
    // 0.59 from (3, 0), from that row; it ends 3 from its nearest row.
    SitePrivacy far =
        SitePrivacy.of(
            data,
            new PrivacyOptions(
                PrivacyOptions.Guard.FLOOR,
                5,
                PrivacyOptions.KRows.NEAREST,
                20,
                2,
                0,
                DpAnchorOptions.defaults(),
                0,
                0));
    float[] pushed = {0.5f, 0.1f};
    assertTrue(far.admit(pushed, plane));
    assertEquals(3.0, far.rows().distance(pushed), 1e-5, Arrays.toString(pushed));
    float[] unguarded = {0.5f, 0.1f};
    assertTrue(SitePrivacy.of(data, PrivacyOptions.unguarded()).admit(unguarded, plane));
    assertArrayEquals(new float[] {0.5f, 0.1f}, unguarded);
  }
}
