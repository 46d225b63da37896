package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.data.FeatureSchema.OneHotGroup;
import io.coopdistill.learners.model.TreeModel;
import io.coopdistill.learners.model.TreeModel.Leaf;
import java.util.List;

/**
 * The exact optimum for a {@link TreeModel}: the model is constant on each leaf's box, so min over
 * x' of L1(x', x) + λ‖f(x') − y'‖² is the minimum over leaves of (the L1 distance from x to the
 * nearest valid data point in the leaf's box) + λ‖p_leaf − y'‖², attained at that point.
 *
 * <p>Exact over the valid data points, i.e. points {@code FeatureSchema.project} leaves unchanged,
 * except that a known nominal value may not become missing (a counterfactual should not erase
 * information): numeric columns are clamped into the box intersected with the schema's bounds; each
 * one-hot group keeps x's value if the box allows it, else takes the category inside the box
 * nearest x in L1. L1 is separable and the box a product, so these per-column and per-group minima
 * add up to the true minimum over the box. A leaf with no valid point is skipped. Masked columns
 * (and a one-hot group with any masked column) must keep x's value. The {@link LambdaSchedule} is
 * walked until the optimum reaches the target; iterations count λ values.
 */
public final class TreeExactSearch implements CounterfactualSearch {
  private final LambdaSchedule lambda;

  public TreeExactSearch(LambdaSchedule lambda) {
    this.lambda = lambda;
  }

  @Override
  public String name() {
    return "tree-exact";
  }

  /** Deterministic: {@code seed} is unused. */
  @Override
  public Candidates search(SearchProblem problem, long seed) {
    if (!(problem.model() instanceof TreeModel tree)) {
      throw new IllegalArgumentException(
          "tree-exact search needs a TreeModel, got " + problem.model().getClass().getName());
    }
    List<Leaf> leaves = tree.leaves();
    int rows = problem.size();
    float[][] best = new float[rows][];
    int[] tried = new int[rows];
    double[] lambdas = new double[rows];
    for (int n = 0; n < rows; n++) {
      float[][] nearest = new float[leaves.size()][];
      double[] distance = new double[leaves.size()];
      double[] error = new double[leaves.size()];
      for (int l = 0; l < leaves.size(); l++) {
        nearest[l] = nearestValidPoint(problem, n, leaves.get(l));
        distance[l] =
            nearest[l] == null ? Double.NaN : SearchProblem.l1(nearest[l], problem.source()[n]);
        error[l] = problem.target().squaredError(n, leaves.get(l).posterior());
      }
      int round = 0;
      int chosen;
      while (true) {
        chosen = argmin(distance, error, lambda.value(round));
        if (chosen < 0)
          throw new IllegalStateException("tree has no leaf containing a valid data point");
        if (problem.target().reached(n, leaves.get(chosen).posterior())
            || round == lambda.rounds() - 1) break;
        round++;
      }
      best[n] = nearest[chosen];
      tried[n] = round + 1;
      lambdas[n] = lambda.value(round);
    }
    return new Candidates(best, tried, lambdas);
  }

  /** The optimum of one λ over leaves with a valid point; ties go to the earlier leaf. */
  static int argmin(double[] distance, double[] error, double lambdaNow) {
    int best = -1;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int l = 0; l < distance.length; l++) {
      if (Double.isNaN(distance[l])) continue;
      double value = distance[l] + lambdaNow * error[l];
      if (value < bestValue) {
        bestValue = value;
        best = l;
      }
    }
    return best;
  }

  /**
   * The valid data point in the leaf's box nearest row n's source in L1, or null if none exists.
   */
  static float[] nearestValidPoint(SearchProblem problem, int n, Leaf leaf) {
    FeatureSchema schema = problem.schema();
    float[] source = problem.source()[n];
    boolean[] movable = problem.movable(n);
    float[] point = source.clone();
    boolean[] grouped = new boolean[source.length];
    for (OneHotGroup group : schema.oneHotGroups()) {
      int[] columns = group.columns();
      for (int c : columns) grouped[c] = true;
      if (!chooseCategory(point, columns, leaf, movable)) return null;
    }
    for (int c = 0; c < source.length; c++) {
      if (grouped[c]) continue;
      float lo = Math.max(leaf.lower()[c], schema.lower(c));
      float hi = Math.min(leaf.upper()[c], schema.upper(c));
      if (lo > hi) return null;
      float clamped = Math.min(hi, Math.max(lo, source[c]));
      if (clamped != source[c] && !movable[c]) return null;
      point[c] = clamped;
    }
    return point;
  }

  /**
   * Sets {@code point}'s group columns to the valid value in the leaf's box nearest the source's
   * (already in {@code point}); false if no valid value lies in the box.
   */
  private static boolean chooseCategory(
      float[] point, int[] columns, Leaf leaf, boolean[] movable) {
    // The source's own value (a category or missing) costs nothing: keep it if the box allows.
    if (insideOnGroup(point, columns, leaf)) return true;
    for (int c : columns) if (!movable[c]) return false;
    // Otherwise the nearest category inside the box, at L1 cost |1 − x_k| + Σ_{j≠k} |x_j|; a known
    // value never becomes missing, since a counterfactual should not erase information.
    int bestCategory = -1;
    double bestCost = Double.POSITIVE_INFINITY;
    double total = 0;
    for (int c : columns) total += Math.abs(point[c]);
    for (int k = 0; k < columns.length; k++) {
      float[] candidate = new float[columns.length];
      candidate[k] = 1f;
      if (!inside(candidate, columns, leaf)) continue;
      double cost = total - Math.abs(point[columns[k]]) + Math.abs(1 - point[columns[k]]);
      if (cost < bestCost) {
        bestCost = cost;
        bestCategory = k;
      }
    }
    if (bestCategory < 0) return false;
    for (int k = 0; k < columns.length; k++) point[columns[k]] = k == bestCategory ? 1f : 0f;
    return true;
  }

  private static boolean insideOnGroup(float[] point, int[] columns, Leaf leaf) {
    for (int c : columns)
      if (point[c] < leaf.lower()[c] || point[c] > leaf.upper()[c]) return false;
    return true;
  }

  private static boolean inside(float[] values, int[] columns, Leaf leaf) {
    for (int k = 0; k < columns.length; k++) {
      if (values[k] < leaf.lower()[columns[k]] || values[k] > leaf.upper()[columns[k]])
        return false;
    }
    return true;
  }
}
