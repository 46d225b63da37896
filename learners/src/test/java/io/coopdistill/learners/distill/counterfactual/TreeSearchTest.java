package io.coopdistill.learners.distill.counterfactual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.counterfactual.CounterfactualOptions.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Searches against a hand-built decision tree: the exact optimum, and the derivative-free searches.
 */
class TreeSearchTest {
  private final FeatureSchema schema = TestData.mixedSchema(4, 3);
  private final HandTree tree = HandTree.random(5, schema.width(), 3, 11);
  private final TestData.Rows rows = TestData.teachableRows(tree, schema, 20, 0.9, 5);

  @Test
  void exactSearchMatchesBruteForceOptimumOnGrid() {
    QuintessentialTarget target =
        QuintessentialTarget.of(tree.predictProba(rows.x()), rows.y(), 0.5, 0.05);
    SearchProblem problem = new SearchProblem(tree, schema, rows.x(), target, null);
    for (double lambda : new double[] {0.5, 5, 50}) {
      TreeExactSearch search = new TreeExactSearch(new LambdaSchedule(lambda, 2, lambda));
      float[][] found = search.search(problem, 0).points();
      for (int n = 0; n < problem.size(); n++) {
        double exact = objective(problem, n, found[n], lambda);
        double brute = bruteForce(problem, n, lambda);
        // The grid holds every coordinate an optimum can take, so it attains the optimum exactly.
        assertEquals(brute, exact, 1e-4, "row " + n + ", lambda " + lambda);
        TestData.assertValid(schema, found[n]);
      }
    }
  }

  /**
   * min over a grid of every numeric value an optimum can take (x_c, bounds, split points) × every
   * category.
   */
  private double bruteForce(SearchProblem problem, int n, double lambda) {
    float[] x = problem.source()[n];
    List<float[]> axes = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      TreeSet<Float> values = new TreeSet<>(List.of(0f, 1f, x[c]));
      for (float t : tree.thresholds(c)) {
        values.add(t);
        values.add(Math.nextUp(t));
      }
      float[] axis = new float[values.size()];
      int k = 0;
      for (float v : values) axis[k++] = v;
      axes.add(axis);
    }
    List<float[]> grid = new ArrayList<>();
    int[] index = new int[4];
    while (true) {
      for (int category = 0; category < 3; category++) {
        float[] point = new float[7];
        for (int c = 0; c < 4; c++) point[c] = axes.get(c)[index[c]];
        point[4 + category] = 1f;
        grid.add(point);
      }
      int c = 0;
      while (c < 4 && ++index[c] == axes.get(c).length) index[c++] = 0;
      if (c == 4) break;
    }
    float[][] points = grid.toArray(float[][]::new);
    float[][] p = tree.predictProba(points);
    double best = Double.POSITIVE_INFINITY;
    for (int g = 0; g < points.length; g++) {
      best =
          Math.min(
              best,
              SearchProblem.l1(points[g], x) + lambda * problem.target().squaredError(n, p[g]));
    }
    return best;
  }

  private double objective(SearchProblem problem, int n, float[] point, double lambda) {
    float[] p = tree.predictProba(new float[][] {point})[0];
    return SearchProblem.l1(point, problem.source()[n])
        + lambda * problem.target().squaredError(n, p);
  }

  @Test
  void exactSearchThroughGeneratorReachesTargets() {
    CounterfactualGenerator generator = new CounterfactualGenerator(TestData.options());
    assertEquals("tree-exact", generator.searchFor(tree).name());
    List<Counterfactual> results =
        generator.generate(tree, null, schema, rows.x(), rows.y(), null, 1);
    int succeeded = 0;
    for (int n = 0; n < results.size(); n++) {
      Counterfactual cf = results.get(n);
      TestData.assertValid(schema, cf.x());
      assertArrayEquals(tree.predictProba(new float[][] {cf.x()})[0], cf.probabilities());
      if (cf.success()) succeeded++;
    }
    assertTrue(succeeded >= 18, "tree-exact succeeded on " + succeeded + " of 20");
  }

  @Test
  void particleSwarmReachesTargetClassInBoundsAndNeverBeatsExactOptimum() {
    checkDerivativeFree(Method.PSO, 15);
  }

  @Test
  void cmaesReachesTargetClassInBoundsAndNeverBeatsExactOptimum() {
    checkDerivativeFree(Method.CMAES, 12);
  }

  private void checkDerivativeFree(Method method, int minimumSucceeded) {
    CounterfactualOptions options = TestData.options().withMethod(method);
    CounterfactualGenerator generator = new CounterfactualGenerator(options);
    List<Counterfactual> results =
        generator.generate(tree, null, schema, rows.x(), rows.y(), null, 7);
    List<Counterfactual> exact =
        new CounterfactualGenerator(options.withMethod(Method.TREE_EXACT))
            .generate(tree, null, schema, rows.x(), rows.y(), null, 7);
    int onTargetClass = 0;
    int succeeded = 0;
    QuintessentialTarget target =
        QuintessentialTarget.of(
            tree.predictProba(rows.x()), rows.y(), options.alpha(), options.epsilon());
    for (int n = 0; n < results.size(); n++) {
      Counterfactual cf = results.get(n);
      TestData.assertValid(schema, cf.x());
      if (tree.predict(new float[][] {cf.x()})[0] == rows.y()[n]) onTargetClass++;
      if (cf.success()) succeeded++;
      // At the λ where the search stopped, the exact optimum is a lower bound of its objective.
      double lambda = cf.lambda();
      SearchProblem problem =
          new SearchProblem(
              tree, schema, new float[][] {rows.x()[n]}, target.slice(n, n + 1), null);
      float[] optimum =
          new TreeExactSearch(new LambdaSchedule(lambda, 2, lambda)).search(problem, 0).points()[0];
      assertTrue(
          objective(problem, 0, cf.x(), lambda) >= objective(problem, 0, optimum, lambda) - 1e-5,
          method + " beat the exact optimum on row " + n);
    }
    System.out.printf(
        "%s on a depth-5 tree: %d/20 on the target class, %d/20 succeeded (tree-exact: %d/20)%n",
        method, onTargetClass, succeeded, exact.stream().filter(Counterfactual::success).count());
    assertEquals(20, onTargetClass, method + " left the target class");
    assertTrue(
        succeeded >= minimumSucceeded, method + " reached the target on " + succeeded + " of 20");
    List<Counterfactual> again =
        generator.generate(tree, null, schema, rows.x(), rows.y(), null, 7);
    for (int n = 0; n < results.size(); n++)
      assertArrayEquals(results.get(n).x(), again.get(n).x(), "same seed, same result");
  }
}
