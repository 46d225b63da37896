package io.coopdistill.learners.model.dl4j;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A multilayer perceptron (type {@code mlp}): fully connected hidden layers, then softmax. It can
 * train on soft targets and warm-start from another MLP of the same architecture.
 */
public final class MlpLearner extends NetworkLearner<MlpLearner.Options> {

  /**
   * {@code hiddenLayers}: units of each hidden layer, input side first (may be empty: softmax
   * regression).
   */
  public record Options(List<Integer> hiddenLayers, Activation activation, TrainingOptions training)
      implements Architecture {
    public Options {
      hiddenLayers = List.copyOf(hiddenLayers);
      require(
          hiddenLayers.stream().allMatch(units -> units >= 1),
          "hidden-layers",
          "all >= 1",
          hiddenLayers);
      require(activation != null, "activation", "set", activation);
      require(training != null, "training", "set", training);
    }

    /** Reads {@code hidden-layers, activation} and the {@link TrainingOptions} keys. */
    public static Options from(Config c) {
      return new Options(
          c.getIntList("hidden-layers"),
          NetworkTrainer.activation(c.getString("activation")),
          TrainingOptions.from(c));
    }
  }

  public MlpLearner(Options options) {
    super("mlp", options);
  }

  /** Another MLP with the same hidden layers and activation. */
  @Override
  public boolean sameArchitecture(Learner other) {
    return other instanceof MlpLearner mlp
        && mlp.options().hiddenLayers().equals(options().hiddenLayers())
        && mlp.options().activation() == options().activation();
  }

  @Override
  MultiLayerConfiguration configuration(Dataset data, long seed) {
    NeuralNetConfiguration.ListBuilder layers =
        NetworkTrainer.base(seed, options().training()).list();
    for (int units : options().hiddenLayers()) {
      layers.layer(new DenseLayer.Builder().nOut(units).activation(options().activation()).build());
    }
    layers.layer(NetworkTrainer.softmaxOutput(data.numClasses()));
    layers.setInputType(InputType.feedForward(data.numFeatures()));
    return layers.build();
  }
}
