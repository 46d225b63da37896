package io.coopdistill.learners.model.dl4j;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.ConfiguredLearner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.SoftTargetLearner;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.learners.model.WarmStartLearner;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * What the DL4J learners share: each describes its network for a data set from its options;
 * training it from scratch, on soft targets or from another model's parameters is the same for all
 * of them.
 *
 * @param <O> the learner's options: its architecture and how it trains
 */
abstract class NetworkLearner<O extends Record & NetworkLearner.Architecture>
    extends ConfiguredLearner<O> implements SoftTargetLearner, WarmStartLearner {

  /** A network learner's options: its architecture, and how every network of it trains. */
  interface Architecture {
    TrainingOptions training();
  }

  NetworkLearner(String name, O options) {
    super(name, options);
  }

  /** The network for {@code data}'s input and classes, initialised with {@code seed}. */
  abstract MultiLayerConfiguration configuration(Dataset data, long seed);

  private TrainingOptions training() {
    return options().training();
  }

  @Override
  public NetworkModel train(Dataset data, long seed, TrainingProgress progress) {
    return NetworkTrainer.train(configuration(data, seed), data, seed, training(), progress);
  }

  @Override
  public NetworkModel train(Dataset data, float[][] targets, long seed, TrainingProgress progress) {
    return NetworkTrainer.train(
        configuration(data, seed), data, targets, null, seed, training(), progress);
  }

  @Override
  public NetworkModel train(Dataset data, Model init, long seed, TrainingProgress progress) {
    return NetworkTrainer.train(
        configuration(data, seed),
        data,
        SoftTargetLearner.oneHot(data),
        NetworkTrainer.warmStart(init),
        seed,
        training(),
        progress);
  }
}
