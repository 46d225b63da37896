package io.coopdistill.learners.model;

import io.coopdistill.learners.data.Dataset;

/**
 * The SPI every learning algorithm implements: an algorithm with its hyper-parameters, which trains
 * a {@link Model} from scratch on a data set. Implementations are immutable and may be shared
 * between threads; each {@code train} call is independent.
 */
public interface Learner {

  /** A short name that says which algorithm this is, e.g. {@code cnn}, {@code cart}. */
  String name();

  /**
   * Trains a new model on {@code data}, deterministically for a given {@code seed}. Learners with
   * early stopping hold out a seeded validation split of {@code data} for it.
   */
  Model train(Dataset data, long seed, TrainingProgress progress);

  default Model train(Dataset data, long seed) {
    return train(data, seed, TrainingProgress.NONE);
  }

  /**
   * The fewest training rows this learner can train on (a k-nearest-neighbour vote needs k): a
   * scenario refuses a site with fewer before any work is done.
   */
  default int minimumRows() {
    return 2;
  }
}
