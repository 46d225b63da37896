package io.coopdistill.learners.model.smile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Hyper-parameters chosen on the validation split of the site's own rows. */
class GridSearchTest {
  private static final Config ROOT = ConfigFactory.load();

  private static GridSearch cart(String spec) {
    Learner learner =
        new SmileLearnerProvider()
            .create(
                CartLearner.NAME,
                ConfigFactory.parseString(spec)
                    .withFallback(ROOT.getConfig("coopdistill.learners.cart")));
    return assertInstanceOf(GridSearch.class, learner);
  }

  /**
   * Two features in the unit square; {@code label} gives each point's class, {@code noise} of the
   * labels flipped.
   */
  private static Dataset square(int rows, long seed, double noise, boolean xor) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[rows][];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      x[n] = new float[] {(float) random.nextDouble(), (float) random.nextDouble()};
      boolean right = x[n][0] > 0.5;
      y[n] = (xor ? right ^ x[n][1] > 0.5 : right) ? 1 : 0;
      if (random.nextDouble() < noise) y[n] = 1 - y[n];
    }
    return new Dataset("square", FeatureSchema.unitBox(2), List.of("a", "b"), x, y);
  }

  @Test
  void anXorNeedsTheDeeperTree() {
    GridSearch search = cart("grid = { max-depth = [1, 4], node-size = [1] }");
    assertEquals(2, search.candidates().size());
    Dataset xor = square(400, 1, 0, true);
    CartLearner best = assertInstanceOf(CartLearner.class, search.select(xor, 3));
    assertEquals(4, best.options().maxDepth());
    // The winner trains again on all the rows.
    assertArrayEquals(
        best.train(xor, 3).predict(xor.features()), search.train(xor, 3).predict(xor.features()));
  }

  @Test
  void noisyLabelsOnOneThresholdPreferTheShallowTreeToAnOverfittedOne() {
    GridSearch search = cart("grid = { max-depth = [2, 20], node-size = [1] }");
    CartLearner best =
        assertInstanceOf(CartLearner.class, search.select(square(400, 2, 0.3, false), 5));
    assertEquals(2, best.options().maxDepth());
  }

  @Test
  void everyCombinationInGridOrderAndASpecsOwnChoiceIsFixed() {
    GridSearch defaults =
        assertInstanceOf(
            GridSearch.class, Learners.create(ConfigFactory.parseString("type = cart"), ROOT));
    assertEquals(9, defaults.candidates().size());
    CartLearner first = (CartLearner) defaults.candidates().get(0);
    CartLearner second = (CartLearner) defaults.candidates().get(1);
    assertEquals(
        List.of(4, 20, 4, 5),
        List.of(
            first.options().maxDepth(),
            first.options().nodeSize(),
            second.options().maxDepth(),
            second.options().nodeSize()));
    GridSearch depth4 =
        assertInstanceOf(
            GridSearch.class,
            Learners.create(ConfigFactory.parseString("type = cart, max-depth = 4"), ROOT));
    assertEquals(3, depth4.candidates().size());
    assertTrue(
        depth4.candidates().stream().allMatch(c -> ((CartLearner) c).options().maxDepth() == 4));
    assertInstanceOf(
        NaiveBayesLearner.class,
        Learners.create(ConfigFactory.parseString("type = naive-bayes"), ROOT),
        "nothing to tune");
    assertInstanceOf(
        CartLearner.class,
        Learners.create(
            ConfigFactory.parseString("type = cart, grid-validation-fraction = 0"), ROOT));
  }

  @Test
  void tooLittleDataToSplitKeepsTheConfiguredSetting() {
    GridSearch search = cart("grid = { max-depth = [1, 4] }");
    Dataset two = square(2, 1, 0, false);
    assertSame(search.configured(), search.select(two, 1));
  }

  @Test
  void badGridsAreClearErrors() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> cart("grid = { max-depth = 4 }"));
    assertTrue(
        e.getMessage().startsWith("cart option 'grid.max-depth' must be a non-empty list"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> cart("grid = { max-depth = [1, 2] }, grid-validation-fraction = 1"));
    assertTrue(
        e.getMessage().startsWith("cart option 'grid-validation-fraction' must be in (0, 1)"),
        e.getMessage());
  }
}
