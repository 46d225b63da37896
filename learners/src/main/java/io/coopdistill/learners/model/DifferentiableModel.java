package io.coopdistill.learners.model;

/**
 * A model whose output is differentiable in its input, so that gradient search (Adam on the input)
 * can build counterfactuals for it.
 */
public interface DifferentiableModel extends Model {

  /**
   * The class probabilities p(x[n]) and the gradient with respect to {@code x[n]} of ‖p(x[n]) −
   * target[n]‖², from one forward pass, for each row n. Rows are independent: neither depends on
   * the batch the row came in, and the probabilities are those {@link #predictProba} gives.
   */
  OutputAndGradient squaredErrorInputGradient(float[][] x, float[][] target);

  /** Row n of each array belongs to input row n. */
  record OutputAndGradient(float[][] probabilities, float[][] gradient) {}
}
