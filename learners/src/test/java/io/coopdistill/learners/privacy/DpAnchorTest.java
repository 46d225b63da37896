package io.coopdistill.learners.privacy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.distill.counterfactual.Counterfactual;
import io.coopdistill.learners.distill.counterfactual.CounterfactualGenerator;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.DpAnchorOptions.Mechanism;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

/** The dp-anchor guard: its calibration, its release, and that nothing after it reads a row. */
class DpAnchorTest {
  private static final Config ROOT = ConfigFactory.load();
  private static final FeatureSchema SQUARE =
      new FeatureSchema(List.of("x", "y"), new float[] {0, 0}, new float[] {1, 1}, List.of(), null);

  /** Rows of two classes in the unit square. */
  private static Dataset square(float[][] rows, int[] labels) {
    return new Dataset("square", SQUARE, List.of("a", "b"), rows, labels);
  }

  private static PrivacyOptions dpAnchor(double epsilon, Mechanism mechanism) {
    return PrivacyOptions.unguarded()
        .with(PrivacyOptions.Guard.DP_ANCHOR)
        .withDpAnchor(new DpAnchorOptions(epsilon, 1e-5, mechanism));
  }

  @Test
  void theGaussianSigmaIsTheAnalyticCalibration() {
    // Reference σ from scipy: brentq on Balle & Wang's Theorem 8 (Δ = 1).
    assertEquals(3.7306316348159347, NoisyClassMeans.gaussianSigma(1, 1, 1e-5), 1e-9);
    assertEquals(8.057618480725043, NoisyClassMeans.gaussianSigma(1, 0.5, 1e-6), 1e-9);
    assertEquals(2 * 1.0811618495202393, NoisyClassMeans.gaussianSigma(2, 4, 1e-5), 1e-9);
    // Below the classical bound Δ·√(2 ln(1.25/δ))/ε where that holds (ε < 1).
    double classical = Math.sqrt(2 * Math.log(1.25 / 1e-6)) / 0.5;
    assertTrue(NoisyClassMeans.gaussianSigma(1, 0.5, 1e-6) < classical);
    assertEquals(1e-5, NoisyClassMeans.gaussianDelta(3.7306316348159347, 1), 1e-12);
  }

  @Test
  void theSensitivityAndTheLaplaceScaleFollowTheBox() {
    // Half-widths (0.5, 0.5): R₂ = √0.5, so Δ₂ = √2·R₂ = 1; R₁ = 1, so Δ₁ = 2.
    assertEquals(
        1.0,
        NoisyClassMeans.sensitivity(
            NoisyClassMeans.radius(SQUARE, Mechanism.GAUSSIAN), Mechanism.GAUSSIAN),
        1e-12);
    double laplace =
        NoisyClassMeans.sensitivity(
            NoisyClassMeans.radius(SQUARE, Mechanism.LAPLACE), Mechanism.LAPLACE);
    assertEquals(2.0, laplace, 1e-12);
    assertEquals(
        0.5,
        NoisyClassMeans.noiseScale(laplace, new DpAnchorOptions(4, 1e-5, Mechanism.LAPLACE)),
        1e-15);
  }

  @Test
  void theReleasedMeansNoiseHasTheCalibratedScale() {
    // 1,000 rows at the box's middle: the centred sum is 0, so the anchor's error is the sum's
    // noise over the (noisy) count, σ/1000 per column (the count's noise: σ/R ≈ 5, 0.5%).
    int n = 1000;
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) rows[i] = new float[] {0.5f, 0.5f};
    Dataset data = square(rows, new int[n]);
    DpAnchorOptions options = new DpAnchorOptions(1, 1e-5, Mechanism.GAUSSIAN);
    double[] errors =
        IntStream.range(0, 4000)
            .mapToDouble(seed -> NoisyClassMeans.release(data, options, seed)[0][0] - 0.5)
            .toArray();
    double expected = NoisyClassMeans.gaussianSigma(1, 1, 1e-5) / n;
    assertEquals(expected, new StandardDeviation().evaluate(errors), 0.05 * expected);
  }

  @Test
  void withInfiniteEpsilonTheAnchorIsTheExactClassMean() {
    Dataset data =
        square(
            new float[][] {{0, 0}, {1, 0.5f}, {0.2f, 0.4f}, {0.9f, 0.9f}, {0.1f, 0.3f}},
            new int[] {0, 0, 0, 1, 1});
    for (Mechanism mechanism : Mechanism.values()) {
      SitePrivacy p = SitePrivacy.of(data, dpAnchor(Double.POSITIVE_INFINITY, mechanism), 7);
      assertArrayEquals(new float[] {0.4f, 0.3f}, p.anchor(new float[] {0, 0}, 0), 1e-6f);
      assertArrayEquals(new float[] {0.5f, 0.6f}, p.anchor(new float[] {0, 0}, 1), 1e-6f);
    }
  }

  @Test
  void theReleaseIsSeededAndTheSameForEveryRowOfAClass() {
    Dataset data = square(new float[][] {{0, 0}, {1, 0.5f}, {0.9f, 0.9f}}, new int[] {0, 0, 1});
    for (Mechanism mechanism : Mechanism.values()) {
      SitePrivacy p = SitePrivacy.of(data, dpAnchor(1, mechanism), 7);
      float[] anchor = p.anchor(new float[] {0, 0}, 0);
      assertArrayEquals(anchor, SitePrivacy.of(data, dpAnchor(1, mechanism), 7).anchor(null, 0));
      assertArrayEquals(anchor, p.anchor(new float[] {1, 0.5f}, 0), "any row of the class");
      assertFalse(
          Arrays.equals(anchor, SitePrivacy.of(data, dpAnchor(1, mechanism), 8).anchor(null, 0)),
          "another seed, another draw");
      assertTrue(p.releasesAnchorOnly());
    }
    assertFalse(SitePrivacy.of(data, PrivacyOptions.unguarded()).releasesAnchorOnly());
  }

  @Test
  void afterTheReleaseTheGuardReadsNoPrivateRow() {
    float[][] rows = {{0, 0}, {1, 0.5f}, {0.9f, 0.9f}};
    Dataset data = square(rows, new int[] {0, 0, 1});
    SitePrivacy p = SitePrivacy.of(data, dpAnchor(1, Mechanism.GAUSSIAN), 7);
    float[] before = p.anchor(rows[0], 0);
    float[] onARow = rows[1].clone();
    for (float[] row : data.features()) Arrays.fill(row, 0.25f);
    assertArrayEquals(before, p.anchor(rows[0], 0), "rows changed after the release");
    // No floor: a point on a (former) private row is admitted unmoved.
    float[] point = onARow.clone();
    assertTrue(p.admit(point, SQUARE));
    assertArrayEquals(onARow, point);
  }

  @Test
  void theInstanceDependsOnTheSourcesClassAloneNotOnTheSourceRow() {
    // Two sets of heart disease rows, the same classes in the same order, on which the teacher's
    // probabilities differ: under dp-anchor the teacher is never asked about a private row and the
    // counterfactuals are the same; under anchor-mean (y' is the teacher's view of the row)
    // neither.
    Dataset site = HeartDisease.load(ROOT).training().get(0);
    Model tree =
        Learners.create(
                ConfigFactory.parseString(
                    "type = cart, max-depth = 4, grid-validation-fraction = 0"),
                ROOT)
            .train(site, 1);
    float[][] probabilities = tree.predictProba(site.features());
    int[] first = new int[20];
    int[] second = new int[20];
    int found = 0;
    for (int i = 0; i < site.size() && found < 20; i++) {
      for (int j = i + 1; j < site.size(); j++) {
        if (site.label(j) == site.label(i) && !Arrays.equals(probabilities[i], probabilities[j])) {
          first[found] = i;
          second[found++] = j;
          break;
        }
      }
    }
    assertEquals(20, found);
    CounterfactualGenerator generator = DistillationMethod.fromConfig(ROOT).generator();
    int[] labels = Arrays.stream(first).map(site::label).toArray();
    for (PrivacyOptions.Guard guard :
        List.of(PrivacyOptions.Guard.DP_ANCHOR, PrivacyOptions.Guard.ANCHOR_MEAN)) {
      SitePrivacy privacy = SitePrivacy.of(site, dpAnchor(1, Mechanism.GAUSSIAN).with(guard), 5);
      Recording asked = new Recording(tree);
      Recording askedOther = new Recording(tree);
      List<Counterfactual> a =
          generator.generate(
              asked, null, site.schema(), rows(site, first), labels, null, privacy, 11);
      List<Counterfactual> b =
          generator.generate(
              askedOther, null, site.schema(), rows(site, second), labels, null, privacy, 11);
      boolean dp = guard == PrivacyOptions.Guard.DP_ANCHOR;
      // (A search can land on a private row by chance, so the test compares what the teacher was
      // asked from either set of rows, not whether it saw a private row.)
      assertEquals(dp, asked.questions == askedOther.questions, guard + ": the same questions");
      assertEquals(
          dp,
          IntStream.range(0, 20).allMatch(n -> Arrays.equals(a.get(n).x(), b.get(n).x())),
          guard + ": the same instances from other rows");
    }
  }

  /**
   * A teacher (not a tree: the search is the particle swarm) that hashes the sequence of points it
   * is asked about.
   */
  private static final class Recording implements Model {
    private final Model model;
    private long questions;

    Recording(Model model) {
      this.model = model;
    }

    @Override
    public int numFeatures() {
      return model.numFeatures();
    }

    @Override
    public int numClasses() {
      return model.numClasses();
    }

    @Override
    public synchronized float[][] predictProba(float[][] x) {
      for (float[] row : x) questions = 31 * questions + Arrays.hashCode(row);
      return model.predictProba(x);
    }

    @Override
    public ModelSnapshot snapshot() {
      return model.snapshot();
    }
  }

  private static float[][] rows(Dataset data, int[] indices) {
    return Arrays.stream(indices).mapToObj(i -> data.features()[i].clone()).toArray(float[][]::new);
  }

  @Test
  void theDefaultsAndBadValuesNameTheirKeys() {
    DpAnchorOptions defaults = PrivacyOptions.fromConfig(ROOT).dpAnchor();
    assertEquals(DpAnchorOptions.defaults(), defaults);
    assertEquals(1.0, defaults.epsilon());
    assertEquals(1e-5, defaults.delta());
    assertEquals(Mechanism.GAUSSIAN, defaults.mechanism());
    assertEquals(
        PrivacyOptions.Guard.DP_ANCHOR,
        PrivacyOptions.fromConfig(
                ConfigFactory.parseString(PrivacyOptions.PATH + ".guard = dp-anchor")
                    .withFallback(ROOT))
            .guard());
    for (String bad : List.of("epsilon = 0", "epsilon = -1", "delta = 0", "delta = 1")) {
      Config c = ConfigFactory.parseString(DpAnchorOptions.PATH + "." + bad).withFallback(ROOT);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> PrivacyOptions.fromConfig(c));
      String key = DpAnchorOptions.PATH + "." + bad.substring(0, bad.indexOf(' '));
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
    Config mechanism =
        ConfigFactory.parseString(DpAnchorOptions.PATH + ".mechanism = exponential")
            .withFallback(ROOT);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PrivacyOptions.fromConfig(mechanism));
    assertTrue(e.getMessage().contains(DpAnchorOptions.PATH + ".mechanism"), e.getMessage());
  }
}
