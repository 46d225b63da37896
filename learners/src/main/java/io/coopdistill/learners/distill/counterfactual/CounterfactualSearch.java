package io.coopdistill.learners.distill.counterfactual;

/**
 * One way of solving a {@link SearchProblem} for every row of a batch. Implementations only search;
 * {@link CounterfactualGenerator} projects the candidates, scores them once and decides success, so
 * that all methods are judged the same way.
 */
public interface CounterfactualSearch {

  /** The method's configuration name: gradient, pso, cmaes, tree-exact. */
  String name();

  /** The best point found for each row, deterministic for a given {@code seed}. */
  Candidates search(SearchProblem problem, long seed);

  /**
   * A search's answer per row: the point (inside the search box; projection follows), the steps
   * spent and the λ in force when the row stopped.
   */
  record Candidates(float[][] points, int[] iterations, double[] lambdas) {
    public Candidates {
      if (points.length != iterations.length || points.length != lambdas.length) {
        throw new IllegalArgumentException("candidate arrays differ in length");
      }
    }
  }
}
