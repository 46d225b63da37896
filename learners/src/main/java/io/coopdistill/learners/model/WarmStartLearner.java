package io.coopdistill.learners.model;

import io.coopdistill.learners.data.Dataset;

/**
 * An optional capability of a {@link Learner}: training that starts from another model's parameters
 * instead of a fresh initialisation, i.e. fine-tuning. Parameter transfer needs it, and only
 * between learners of the {@linkplain #sameArchitecture same architecture}.
 */
public interface WarmStartLearner extends Learner {

  /**
   * Whether the models {@code other} trains can initialise this learner on data of the same width
   * and classes: the same layers with the same parameter shapes and activations. Optimiser settings
   * (learning rate, epochs) may differ.
   */
  boolean sameArchitecture(Learner other);

  /**
   * Trains like {@link #train(Dataset, long, TrainingProgress)} but starts from the parameters of
   * {@code init}; {@code seed} still fixes everything else that is random (minibatch order,
   * validation split).
   *
   * @throws IllegalArgumentException if {@code init} is not a model of this learner's architecture
   *     for {@code data}
   */
  Model train(Dataset data, Model init, long seed, TrainingProgress progress);
}
