package io.coopdistill.learners.distill.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The decision of {@code coopdistill.distillation.accept}, its tie rule, and the rows it judges on.
 */
class AcceptanceTest {
  // Six rows on a line, class 1 from x = 0.5 on.
  private static final Dataset ROWS =
      new Dataset(
          "site",
          FeatureSchema.unitBox(1),
          List.of("a", "b"),
          new float[][] {{0.0f}, {0.2f}, {0.4f}, {0.6f}, {0.8f}, {1.0f}},
          new int[] {0, 0, 0, 1, 1, 1});

  /**
   * Predicts class 1 from {@code threshold} on: right on all six rows at 0.5, on five at 0.3 or
   * 0.7.
   */
  private record Threshold(float threshold) implements Model {
    @Override
    public int numFeatures() {
      return 1;
    }

    @Override
    public int numClasses() {
      return 2;
    }

    @Override
    public float[][] predictProba(float[][] x) {
      float[][] p = new float[x.length][];
      for (int i = 0; i < x.length; i++)
        p[i] = x[i][0] >= threshold ? new float[] {0, 1} : new float[] {1, 0};
      return p;
    }

    @Override
    public ModelSnapshot snapshot() {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void ifBetterKeepsOnlyAStrictlyBetterRetrainedModel() {
    Model right = new Threshold(0.5f);
    Model oneWrong = new Threshold(0.3f);
    Model otherOneWrong = new Threshold(0.7f);
    assertTrue(
        Acceptance.IF_BETTER.keeps(oneWrong, right, ROWS), "6 correct against 5: better, kept");
    assertFalse(
        Acceptance.IF_BETTER.keeps(right, oneWrong, ROWS), "5 correct against 6: worse, refused");
    assertFalse(
        Acceptance.IF_BETTER.keeps(oneWrong, otherOneWrong, ROWS),
        "5 against 5: a tie keeps the previous model");
    assertTrue(
        Acceptance.ALWAYS.keeps(right, oneWrong, ROWS),
        "always keeps even a worse model (the paper)");
  }

  @Test
  void judgesOnHeldOutRowsOrSetsRowsAsideOnlyUnderIfBetter() {
    Site without = new Site("plain", null, ROWS);
    Site withHeldOut =
        new Site("held", null, ROWS, null, ROWS.subset("held-out", new int[] {0, 5}));
    List<Site> sites = List.of(without, withHeldOut);
    assertSame(
        sites,
        Acceptance.ALWAYS.judging(sites, 0.5, 1),
        "always changes no site: baselines stay as they were");

    List<Site> judging = Acceptance.IF_BETTER.judging(sites, 0.5, 1);
    assertSame(
        withHeldOut,
        judging.get(1),
        "a site with a held-out split judges on it and trains on all its rows");
    Site split = judging.get(0);
    assertNotSame(without, split);
    assertEquals(
        6,
        split.data().size() + split.validation().size(),
        "rows set aside from the site's own, before the baseline trains");
    assertSame(split.validation(), Acceptance.validationRows(split));
    assertTrue(
        split.validation().classCounts()[0] > 0 && split.validation().classCounts()[1] > 0,
        "stratified: both classes among the rows judged on");
    assertArrayEquals(
        split.validation().features(),
        Acceptance.IF_BETTER.judging(sites, 0.5, 1).get(0).validation().features(),
        "seeded");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Acceptance.IF_BETTER.judging(sites, 0, 1));
    assertTrue(
        e.getMessage().contains("'plain'") && e.getMessage().contains("accept-validation-fraction"),
        e.getMessage());
  }

  @Test
  void theSettingIsReadFromConfigurationWithItsKeyNamedOnError() {
    assertEquals(
        Acceptance.ALWAYS,
        DistillationOptions.fromConfig(ConfigFactory.load()).accept(),
        "the paper's behaviour by default");
    assertEquals(
        Acceptance.IF_BETTER,
        DistillationOptions.fromConfig(
                ConfigFactory.parseString("coopdistill.distillation.accept = if-better")
                    .withFallback(ConfigFactory.load()))
            .accept());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DistillationOptions.fromConfig(
                    ConfigFactory.parseString("coopdistill.distillation.accept = sometimes")
                        .withFallback(ConfigFactory.load())));
    assertTrue(
        e.getMessage().contains("coopdistill.distillation.accept must be always or if-better"),
        e.getMessage());
  }
}
