package io.coopdistill.learners.model.dl4j;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;

/**
 * How a neural network is fitted, shared by {@link MlpLearner} and {@link CnnLearner}: Adam with
 * {@code learningRate} on minibatches of {@code batchSize}, for at most {@code maxEpochs} epochs,
 * stopping once the validation cross-entropy has not improved for {@code patience} epochs and
 * keeping the best epoch's parameters. {@code validationFraction} of each class is held out for
 * that; 0 turns early stopping off (all {@code maxEpochs} are run on all the data).
 */
public record TrainingOptions(
    double learningRate, int batchSize, int maxEpochs, int patience, double validationFraction) {

  public TrainingOptions {
    require(learningRate > 0, "learning-rate", "> 0", learningRate);
    require(batchSize >= 1, "batch-size", ">= 1", batchSize);
    require(maxEpochs >= 1, "max-epochs", ">= 1", maxEpochs);
    require(patience >= 1, "patience", ">= 1", patience);
    require(
        validationFraction >= 0 && validationFraction < 1,
        "validation-fraction",
        "in [0, 1)",
        validationFraction);
  }

  /**
   * Reads the keys {@code learning-rate, batch-size, max-epochs, patience, validation-fraction}.
   */
  public static TrainingOptions from(Config c) {
    return new TrainingOptions(
        c.getDouble("learning-rate"),
        c.getInt("batch-size"),
        c.getInt("max-epochs"),
        c.getInt("patience"),
        c.getDouble("validation-fraction"));
  }
}
