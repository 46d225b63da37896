package io.coopdistill.learners.model.dl4j;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.TrainingProgress;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
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
 * stopping on the cross-entropy of a seeded stratified validation split, keeping the best epoch's
 * parameters.
 */
final class NetworkTrainer {
  static {
    OneDnnHelpers.enableUnlessConfigured();
  }

  private NetworkTrainer() {}

  /** Float32 network with Xavier init and Adam; {@code seed} fixes the initial weights. */
  static NeuralNetConfiguration.Builder base(long seed, TrainingOptions training) {
    return new NeuralNetConfiguration.Builder()
        .seed(seed)
        .dataType(DataType.FLOAT)
        .weightInit(WeightInit.XAVIER)
        .updater(new Adam(training.learningRate()));
  }

  static OutputLayer softmaxOutput(int numClasses) {
    return new OutputLayer.Builder(LossFunction.MCXENT).nOut(numClasses).activation(Activation.SOFTMAX).build();
  }

  static Activation activation(String name) {
    try {
      return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("activation '" + name + "' is not one of " + Arrays.toString(Activation.values()), e);
    }
  }

  static NetworkModel train(MultiLayerConfiguration configuration, Dataset data, long seed, TrainingOptions training,
      TrainingProgress progress) {
    Dataset fit = data;
    Dataset validation = null;
    if (training.validationFraction() > 0) {
      Dataset.Split split = data.stratifiedSplit(training.validationFraction(), seed);
      // A tiny data set may leave no row for validation (or for fitting): then there is no early stopping.
      if (split.second().size() > 0 && split.first().size() > 0) {
        fit = split.first();
        validation = split.second();
      }
    }
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();

    SplittableRandom shuffling = new SplittableRandom(seed).split(); // not the validation split's stream
    int[] order = new int[fit.size()];
    Arrays.setAll(order, i -> i);
    INDArray bestParameters = null;
    double bestLoss = Double.POSITIVE_INFINITY;
    int epochsWithoutGain = 0;
    for (int epoch = 1; epoch <= training.maxEpochs(); epoch++) {
      shuffle(order, shuffling);
      double lossSum = 0;
      for (int from = 0; from < order.length; from += training.batchSize()) {
        int to = Math.min(order.length, from + training.batchSize());
        network.fit(new DataSet(NdArrays.rows(fit.features(), order, from, to),
            NdArrays.oneHot(fit.labels(), order, from, to, data.numClasses())));
        lossSum += network.score() * (to - from);
      }
      if (validation == null) {
        progress.epochFinished(epoch, training.maxEpochs(), lossSum / order.length, Double.NaN);
        continue;
      }
      Validation result = validate(network, validation);
      progress.epochFinished(epoch, training.maxEpochs(), lossSum / order.length, result.accuracy());
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

  /** Mean cross-entropy (what early stopping watches: smoother than accuracy on small splits) and accuracy. */
  private record Validation(double loss, double accuracy) {}

  private static Validation validate(MultiLayerNetwork network, Dataset data) {
    float[][] p = network.output(NdArrays.matrix(data.features()), false).toFloatMatrix();
    double loss = 0;
    int right = 0;
    for (int n = 0; n < p.length; n++) {
      int y = data.label(n);
      loss -= Math.log(Math.max(p[n][y], 1e-30));
      int best = 0;
      for (int c = 1; c < p[n].length; c++) if (p[n][c] > p[n][best]) best = c;
      if (best == y) right++;
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
