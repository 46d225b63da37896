package io.coopdistill.learners.model;

/** Receives a learner's training progress, e.g. to draw a progress bar or log epochs. */
@FunctionalInterface
public interface TrainingProgress {

  TrainingProgress NONE = (epoch, maxEpochs, trainLoss, validationAccuracy) -> {};

  /**
   * Called after each epoch (or once, for learners trained in one pass, with epoch = maxEpochs =
   * 1). {@code validationAccuracy} is NaN when there is no validation split.
   */
  void epochFinished(int epoch, int maxEpochs, double trainLoss, double validationAccuracy);
}
