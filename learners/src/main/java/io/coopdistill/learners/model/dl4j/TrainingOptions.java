package io.coopdistill.learners.model.dl4j;

import com.typesafe.config.Config;

/**
 * How a neural network is fitted, shared by {@link MlpLearner} and {@link CnnLearner}: Adam with
 * {@code learningRate} on minibatches of {@code batchSize}, for at most {@code maxEpochs} epochs,
 * stopping once the validation cross-entropy has not improved for {@code patience} epochs and keeping the
 * best epoch's parameters. {@code validationFraction} of each class is held out for that; 0 turns
 * early stopping off (all {@code maxEpochs} are run on all the data).
 */
public record TrainingOptions(double learningRate, int batchSize, int maxEpochs, int patience, double validationFraction) {

  public TrainingOptions {
    if (!(learningRate > 0)) throw new IllegalArgumentException("learning-rate must be > 0, got " + learningRate);
    if (batchSize < 1) throw new IllegalArgumentException("batch-size must be >= 1, got " + batchSize);
    if (maxEpochs < 1) throw new IllegalArgumentException("max-epochs must be >= 1, got " + maxEpochs);
    if (patience < 1) throw new IllegalArgumentException("patience must be >= 1, got " + patience);
    if (!(validationFraction >= 0 && validationFraction < 1)) {
      throw new IllegalArgumentException("validation-fraction must be in [0, 1), got " + validationFraction);
    }
  }

  /** Reads the keys {@code learning-rate, batch-size, max-epochs, patience, validation-fraction}. */
  public static TrainingOptions from(Config c) {
    return new TrainingOptions(c.getDouble("learning-rate"), c.getInt("batch-size"), c.getInt("max-epochs"),
        c.getInt("patience"), c.getDouble("validation-fraction"));
  }
}
