package io.coopdistill.learners.model.dl4j;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.SoftTargetLearner;
import io.coopdistill.learners.model.TrainingProgress;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The training loop shared by the DL4J learners: Adam on seeded shuffled minibatches, early
 * stopping on the cross-entropy to the hard labels of a seeded stratified validation split of the
 * site's own rows ({@link Dataset#validationSplit}), keeping the best epoch's parameters. Virtual,
 * mixed or soft-labelled rows only ever train, so every method selects its model on the same rows.
 */
final class NetworkTrainer {
  static {
    OneDnnHelpers.enableUnlessConfigured();
  }

  private NetworkTrainer() {}

  /**
   * Float32 network with Xavier init and Adam; {@code seed} fixes the initial weights. Cache mode
   * DEVICE keeps each convolution's pre-activation from the forward pass for its backward pass;
   * without it DL4J computes the convolution a second time in backprop (10% of LeNet training time
   * in a profile).
   */
  static NeuralNetConfiguration.Builder base(long seed, TrainingOptions training) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .cacheMode(CacheMode.DEVICE)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(new Adam(training.learningRate()));
  }

  static OutputLayer softmaxOutput(int numClasses) {
    return new OutputLayer.Builder(LossFunction.MCXENT)
        .nOut(numClasses)
        .activation(Activation.SOFTMAX)
        .build();
  }

  static Activation activation(String name) {
    try {
      return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "activation '" + name + "' is not one of " + Arrays.toString(Activation.values()), e);
    }
  }

  static NetworkModel train(
      MultiLayerConfiguration configuration,
      Dataset data,
      long seed,
      TrainingOptions training,
      TrainingProgress progress) {
    return train(
        configuration, data, SoftTargetLearner.oneHot(data), null, seed, training, progress);
  }

  /**
   * Fits {@code targets}, a class distribution per row of {@code data} (MCXENT is the cross-entropy
   * to any distribution, so soft targets need nothing else), starting from {@code init}'s
   * parameters when given, else from the seeded initialisation. A warm start's initial parameters
   * compete for the best validation loss as "epoch 0", so fine-tuning never ends worse on the
   * validation split than where it started.
   */
  static NetworkModel train(
      MultiLayerConfiguration configuration,
      Dataset data,
      float[][] targets,
      NetworkModel init,
      long seed,
      TrainingOptions training,
      TrainingProgress progress) {
    SoftTargetLearner.checkTargets(data, targets);
    int[] fit = new int[data.size()];
    Arrays.setAll(fit, i -> i);
    int[] validation = null;
    if (training.validationFraction() > 0) {
      Dataset.IndexSplit split = data.validationSplit(training.validationFraction(), seed);
      // A tiny data set may leave no row for validation (or for fitting): then there is no early
      // stopping.
      if (split.second().length > 0 && split.first().length > 0) {
        fit = split.first();
        validation = split.second();
      }
    }
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    if (init != null) init.copyParametersInto(network);

    SplittableRandom shuffling =
        new SplittableRandom(seed).split(); // not the validation split's stream
    int[] order = fit.clone();
    INDArray bestParameters = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    if (init != null && validation != null) {
      bestLoss = validate(network, data, validation).loss();
      bestParameters = network.params().dup();
    }
    int epochsWithoutGain = 0;
    for (int epoch = 1; epoch <= training.maxEpochs(); epoch++) {
      shuffle(order, shuffling);
      double lossSum = 0;
      for (int from = 0; from < order.length; from += training.batchSize()) {
        int to = Math.min(order.length, from + training.batchSize());
        network.fit(
            new DataSet(
                NdArrays.rows(data.features(), order, from, to),
                NdArrays.rows(targets, order, from, to)));
        lossSum += network.score() * (to - from);
      }
      if (validation == null) {
        progress.epochFinished(epoch, training.maxEpochs(), lossSum / order.length, Double.NaN);
        continue;
      }
      Validation result = validate(network, data, validation);
      progress.epochFinished(
          epoch, training.maxEpochs(), lossSum / order.length, result.accuracy());
      if (result.loss() < bestLoss) {
        bestLoss = result.loss();
        bestParameters = network.params().dup();
        epochsWithoutGain = 0;
      } else if (++epochsWithoutGain >= training.patience()) {
        break;
      }
    }
    if (bestParameters != null) network.setParams(bestParameters);
    return new NetworkModel(network, data.numFeatures(), data.numClasses());
  }

  /** {@code init} as a network to warm-start from, or a clear error for any other kind of model. */
  static NetworkModel warmStart(Model init) {
    if (init instanceof NetworkModel network) return network;
    throw new IllegalArgumentException(
        "a DL4J network can only start from a DL4J network model, not " + init);
  }

  /**
   * Mean cross-entropy to the hard labels (what early stopping watches: smoother than accuracy on
   * small splits) and accuracy, over the rows {@code rows} of {@code data}. Hard labels, not the
   * training targets: knowledge distillation or mixup must not select on their own soft targets.
   */
  private record Validation(double loss, double accuracy) {}

  private static Validation validate(MultiLayerNetwork network, Dataset data, int[] rows) {
    float[][] features = data.features();
    float[][] p =
        NetworkModel.output(
            network,
            Arrays.stream(rows).mapToObj(r -> features[r]).toArray(float[][]::new),
            data.numFeatures());
    double loss = 0;
    int right = 0;
    for (int k = 0; k < p.length; k++) {
      loss -= Math.log(Math.max(p[k][data.label(rows[k])], 1e-30));
      if (Model.argmax(p[k]) == data.label(rows[k])) right++;
    }
    return new Validation(loss / p.length, (double) right / p.length);
  }

  private static void shuffle(int[] order, SplittableRandom random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}
