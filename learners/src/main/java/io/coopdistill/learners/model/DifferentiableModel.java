package io.coopdistill.learners.model;

/**
 * A model whose output is differentiable in its input, so that gradient search (Adam on the
 * input) can build counterfactuals for it.
 */
public interface DifferentiableModel extends Model {

  /**
   * For each row n, the gradient with respect to {@code x[n]} of ‖p(x[n]) − target[n]‖², where
   * p is this model's class-probability output. Rows are independent: the gradient of row n does
   * not depend on the batch it came in.
   */
  float[][] squaredErrorInputGradient(float[][] x, float[][] target);
}
