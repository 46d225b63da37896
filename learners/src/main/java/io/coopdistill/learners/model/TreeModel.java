package io.coopdistill.learners.model;

import java.util.List;

/**
 * A model that is piecewise constant on axis-aligned boxes (a decision tree): its input space is
 * partitioned into leaves, each predicting a fixed posterior. Exposing the leaves lets the exact
 * counterfactual search find the true optimum instead of searching blindly.
 */
public interface TreeModel extends Model {

  /** Every leaf of the tree; together their boxes cover the input space. */
  List<Leaf> leaves();

  /**
   * A leaf's region as a closed box {@code lower[c] <= x[c] <= upper[c]} (infinite bounds where the
   * path does not constrain column c; strict split inequalities already turned into the nearest
   * representable float) and the posterior the model predicts anywhere inside it.
   */
  record Leaf(float[] lower, float[] upper, float[] posterior) {}
}
