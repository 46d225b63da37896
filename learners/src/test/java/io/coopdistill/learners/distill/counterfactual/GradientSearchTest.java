package io.coopdistill.learners.distill.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batched Adam-with-proximal-L1 search against a softmax-linear model with an analytic gradient.
 */
class GradientSearchTest {
  private final FeatureSchema schema = FeatureSchema.unitBox(10);
  private final CounterfactualOptions options = TestData.options();

  @Test
  void batchOf200RowsIsSolvedInOneCallWithinEpsilonOfTarget() {
    SoftmaxLinearModel model = SoftmaxLinearModel.random(3, 10, 3);
    TestData.Rows rows = TestData.teachableRows(model, schema, 200, 0.85, 1);
    QuintessentialTarget target =
        QuintessentialTarget.of(
            model.predictProba(rows.x()), rows.y(), options.alpha(), options.epsilon());
    model.gradientCalls.set(0);

    List<Counterfactual> results =
        new CounterfactualGenerator(options)
            .generate(model, null, schema, rows.x(), rows.y(), null, 1);

    // All 200 rows stepped together: one gradient call per step for the whole batch.
    assertEquals(200, model.largestGradientBatch.get());
    int maxSteps = options.gradient().stepsPerLambda() * options.lambda().rounds();
    assertTrue(
        model.gradientCalls.get() <= maxSteps, model.gradientCalls.get() + " gradient calls");
    int matched = 0;
    int succeeded = 0;
    for (int n = 0; n < results.size(); n++) {
      Counterfactual cf = results.get(n);
      TestData.assertValid(schema, cf.x());
      int y = rows.y()[n];
      if (Math.abs(cf.probabilities()[y] - target.row(n)[y]) <= options.epsilon()) matched++;
      if (cf.success()) succeeded++;
      assertTrue(
          cf.probabilities()[y] > model.predictProba(new float[][] {rows.x()[n]})[0][y],
          "confidence rose on row " + n);
    }
    assertTrue(matched >= 196, "teacher confidence within epsilon of y' on " + matched + " of 200");
    assertTrue(succeeded >= 196, "succeeded on " + succeeded + " of 200");
  }

  @Test
  void counterfactualIsCloserThanRandomPointsOfTheSameConfidence() {
    SoftmaxLinearModel model = SoftmaxLinearModel.random(3, 10, 4);
    TestData.Rows rows = TestData.teachableRows(model, schema, 50, 0.85, 2);
    List<Counterfactual> results =
        new CounterfactualGenerator(options)
            .generate(model, null, schema, rows.x(), rows.y(), null, 1);
    float[][] random = TestData.randomRows(schema, 20_000, new SplittableRandom(9));
    float[][] p = model.predictProba(random);
    int compared = 0;
    int closer = 0;
    for (int n = 0; n < results.size(); n++) {
      Counterfactual cf = results.get(n);
      int y = rows.y()[n];
      double nearestRandom = Double.POSITIVE_INFINITY;
      for (int r = 0; r < random.length; r++) {
        if (p[r][y] >= cf.probabilities()[y])
          nearestRandom = Math.min(nearestRandom, SearchProblem.l1(random[r], rows.x()[n]));
      }
      if (Double.isInfinite(nearestRandom)) continue;
      compared++;
      if (cf.l1Distance() <= nearestRandom) closer++;
    }
    assertTrue(compared >= 40, "only " + compared + " rows had a random point as confident");
    assertEquals(compared, closer, "x' closer than every random point of the same confidence");
  }

  @Test
  void distanceIsNearTheExactL1OptimumOnABinaryModel() {
    SoftmaxLinearModel model = SoftmaxLinearModel.random(2, 10, 5);
    TestData.Rows rows = TestData.teachableRows(model, schema, 100, 0.85, 3);
    List<Counterfactual> results =
        new CounterfactualGenerator(options)
            .generate(model, null, schema, rows.x(), rows.y(), null, 1);
    double[] ratio = new double[results.size()];
    for (int n = 0; n < results.size(); n++) {
      Counterfactual cf = results.get(n);
      assertTrue(cf.success(), "row " + n);
      ratio[n] =
          cf.l1Distance()
              / exactL1(model, rows.x()[n], rows.y()[n], cf.probabilities()[rows.y()[n]]);
    }
    Arrays.sort(ratio);
    System.out.printf(
        "gradient L1 / exact minimal L1 for the same confidence: median %.3f, 90th percentile %.3f, max %.3f%n",
        ratio[ratio.length / 2], ratio[ratio.length * 9 / 10], ratio[ratio.length - 1]);
    assertTrue(ratio[ratio.length / 2] <= 1.3, "median ratio " + ratio[ratio.length / 2]);
    assertTrue(
        ratio[ratio.length * 9 / 10] <= 1.4,
        "90th percentile ratio " + ratio[ratio.length * 9 / 10]);
  }

  /**
   * The least L1 move in the unit box that raises a 2-class softmax's p_y to {@code confidence}: a
   * fractional knapsack on the logit margin, filled by the steepest columns first.
   */
  private static double exactL1(SoftmaxLinearModel model, float[] x, int y, double confidence) {
    int other = 1 - y;
    double margin = model.bias[y] - model.bias[other];
    double[] slope = new double[x.length];
    for (int c = 0; c < x.length; c++) {
      slope[c] = model.weights[y][c] - model.weights[other][c];
      margin += slope[c] * x[c];
    }
    double deficit = Math.log(confidence / (1 - confidence)) - margin;
    Integer[] order = new Integer[x.length];
    for (int c = 0; c < x.length; c++) order[c] = c;
    Arrays.sort(order, (a, b) -> Double.compare(Math.abs(slope[b]), Math.abs(slope[a])));
    double cost = 0;
    for (int c : order) {
      if (deficit <= 0) break;
      double room = slope[c] > 0 ? 1 - x[c] : x[c];
      double move = Math.min(room, deficit / Math.abs(slope[c]));
      cost += move;
      deficit -= move * Math.abs(slope[c]);
    }
    return cost;
  }

  @Test
  void maskedPixelsNeverMove() {
    FeatureSchema images = FeatureSchema.images(new FeatureSchema.ImageShape(1, 4, 4));
    SoftmaxLinearModel model = SoftmaxLinearModel.random(2, 16, 6);
    TestData.Rows rows = TestData.teachableRows(model, images, 40, 0.85, 4);
    PixelMask mask =
        PixelMask.mostVariable(
            new Dataset("teacher", images, List.of("a", "b"), rows.x(), rows.y()), 0.5);
    List<Counterfactual> results =
        new CounterfactualGenerator(options)
            .generate(model, null, images, rows.x(), rows.y(), mask, 1);
    int moved = 0;
    for (int n = 0; n < results.size(); n++) {
      boolean[] movable = mask.movable(rows.y()[n]);
      for (int c = 0; c < 16; c++) {
        if (!movable[c])
          assertEquals(rows.x()[n][c], results.get(n).x()[c], "masked pixel " + c + " of row " + n);
        else if (results.get(n).x()[c] != rows.x()[n][c]) moved++;
      }
    }
    assertTrue(moved > 0, "the search moved no movable pixel");
  }
}
