/**
 * Neural network learners (MLP, CNN) on DeepLearning4J, differentiable for the gradient
 * counterfactual search.
 */
package io.coopdistill.learners.model.dl4j;
