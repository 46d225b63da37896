package io.coopdistill.learners.distill.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.Method;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TreeModel;
import io.coopdistill.learners.model.dl4j.MlpLearner;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import io.coopdistill.learners.model.smile.CartLearner;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import smile.base.cart.SplitRule;

/** The searches against real adapters: a Smile CART tree and a trained DL4J MLP. */
class RealLearnerSearchTest {
  private static final FeatureSchema SCHEMA = FeatureSchema.unitBox(4);
  private static Dataset blobs;
  private static Model cart;
  private static Model mlp;

  @BeforeAll
  static void train() {
    // Overlapping Gaussian blobs: both models end up unsure in the overlaps, where teaching
    // happens.
    SplittableRandom random = new SplittableRandom(11);
    double[][] centres = new double[3][4];
    for (double[] centre : centres)
      for (int c = 0; c < 4; c++) centre[c] = 0.2 + 0.6 * random.nextDouble();
    float[][] x = new float[600][4];
    int[] y = new int[600];
    for (int n = 0; n < x.length; n++) {
      y[n] = n % 3;
      for (int c = 0; c < 4; c++)
        x[n][c] = (float) Math.min(1, Math.max(0, centres[y[n]][c] + 0.2 * random.nextGaussian()));
    }
    blobs = new Dataset("blobs", SCHEMA, List.of("a", "b", "c"), x, y);
    cart = new CartLearner(new CartLearner.Options(12, 0, 5, SplitRule.GINI)).train(blobs, 1);
    mlp =
        new MlpLearner(
                new MlpLearner.Options(
                    List.of(32), Activation.TANH, new TrainingOptions(0.01, 32, 60, 10, 0.2)))
            .train(blobs, 1);
  }

  @Test
  void cartTreeExactPsoAndCmaes() {
    TestData.Rows rows = TestData.teachableRows(cart, SCHEMA, 40, 0.9, 3);
    // Smile smooths leaf posteriors, so a row already in the most confident leaf of its class
    // cannot reach y' at all: count the rows some leaf can satisfy.
    QuintessentialTarget target =
        QuintessentialTarget.of(cart.predictProba(rows.x()), rows.y(), 0.5, 0.05);
    boolean[] reachable = new boolean[40];
    int reachableRows = 0;
    for (int n = 0; n < 40; n++) {
      for (TreeModel.Leaf leaf : ((TreeModel) cart).leaves())
        reachable[n] |= target.reached(n, leaf.posterior());
      if (reachable[n]) reachableRows++;
    }
    int exact = succeeded(cart, rows, Method.TREE_EXACT, reachable);
    int pso = succeeded(cart, rows, Method.PSO, reachable);
    int cmaes = succeeded(cart, rows, Method.CMAES, reachable);
    System.out.printf(
        "Smile CART, 40 rows (%d reachable): tree-exact %d, pso %d, cmaes %d succeeded%n",
        reachableRows, exact, pso, cmaes);
    assertTrue(reachableRows >= 30, reachableRows + " reachable rows");
    assertTrue(exact >= reachableRows - 3, "tree-exact " + exact);
    assertTrue(pso >= reachableRows - 6, "pso " + pso);
    assertTrue(cmaes >= reachableRows - 12, "cmaes " + cmaes);
  }

  @Test
  void trainedMlpGradient() {
    TestData.Rows rows = TestData.teachableRows(mlp, SCHEMA, 100, 0.85, 4);
    CounterfactualGenerator generator = new CounterfactualGenerator(TestData.options());
    assertEquals("gradient", generator.searchFor(mlp).name());
    boolean[] anyRow = new boolean[100];
    java.util.Arrays.fill(anyRow, true);
    int ok = succeeded(mlp, rows, Method.AUTO, anyRow);
    System.out.printf("DL4J MLP, 100 rows: gradient %d succeeded%n", ok);
    assertTrue(ok >= 95, "gradient " + ok);
  }

  /**
   * How many rows succeeded; success on a row marked unreachable would mean success is misjudged.
   */
  private static int succeeded(
      Model model, TestData.Rows rows, Method method, boolean[] reachable) {
    List<Counterfactual> results =
        new CounterfactualGenerator(TestData.options().withMethod(method))
            .generate(model, null, SCHEMA, rows.x(), rows.y(), null, 5);
    int ok = 0;
    for (int n = 0; n < results.size(); n++) {
      Counterfactual cf = results.get(n);
      TestData.assertValid(SCHEMA, cf.x());
      if (cf.success()) {
        assertTrue(reachable[n], method + " claims success on unreachable row " + n);
        ok++;
      }
    }
    return ok;
  }
}
