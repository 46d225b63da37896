package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FashionMnist;
import io.coopdistill.learners.model.SoftTargetLearner;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The LeNet's first convolution computes exactly DL4J's weight and bias gradients, without the
 * input gradient.
 */
class FirstConvolutionTest {
  private static final CnnLearner LENET =
      new CnnLearner(
          CnnLearner.Options.from(ConfigFactory.load().getConfig("coopdistill.learners.cnn")));

  private static Dataset images(int count) {
    Path sample =
        Path.of(ConfigFactory.load().getString("coopdistill.data.dir"), "fashion-mnist-sample");
    Dataset train = FashionMnist.load(sample, FashionMnist.Part.TRAIN);
    return train.subset("first", IntStream.range(0, count).toArray());
  }

  /**
   * The same configuration with DL4J's own convolution and preprocessor in place of this project's.
   */
  private static MultiLayerConfiguration withDl4jsConvolution(
      MultiLayerConfiguration configuration) {
    return MultiLayerConfiguration.fromJson(
        configuration
            .toJson()
            .replace(
                FirstConvolution.FlatToImages.class.getName(),
                FeedForwardToCnnPreProcessor.class.getName())
            .replace(FirstConvolution.class.getName(), ConvolutionLayer.class.getName()));
  }

  private static INDArray gradient(MultiLayerConfiguration configuration, Dataset data) {
    MultiLayerNetwork network = new MultiLayerNetwork(configuration);
    network.init();
    network.setInput(NdArrays.matrix(data.features(), data.numFeatures(), "input"));
    network.setLabels(NdArrays.matrix(SoftTargetLearner.oneHot(data), data.numClasses(), "target"));
    network.computeGradientAndScore();
    return network.gradient().gradient().dup();
  }

  @ParameterizedTest
  @EnumSource(
      value = Activation.class,
      names = {"RELU", "TANH"})
  void everyParameterGradientEqualsDl4jsOnAMinibatchOfImages(Activation activation) {
    Dataset data = images(64);
    CnnLearner.Options o = LENET.options();
    MultiLayerConfiguration lenet =
        new CnnLearner(
                new CnnLearner.Options(
                    o.convolutionFilters(),
                    o.kernelSize(),
                    o.denseUnits(),
                    activation,
                    o.training()))
            .configuration(data, 7);
    assertInstanceOf(FirstConvolution.class, lenet.getConf(0).getLayer());
    MultiLayerConfiguration reference = withDl4jsConvolution(lenet);
    assertEquals(ConvolutionLayer.class, reference.getConf(0).getLayer().getClass());

    INDArray ours = gradient(lenet, data);
    INDArray theirs = gradient(reference, data);
    assertEquals(theirs.length(), ours.length());
    double scale = theirs.norm2Number().doubleValue();
    double difference = ours.sub(theirs).norm2Number().doubleValue();
    assertTrue(
        scale > 0 && difference <= 1e-5 * scale,
        "gradient differs by " + difference + " (norm " + scale + ")");
  }

  @Test
  void theConfigurationSurvivesItsJsonForm() {
    MultiLayerConfiguration lenet = LENET.configuration(images(10), 7);
    MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(lenet.toJson());
    assertEquals(lenet, back);
    assertInstanceOf(FirstConvolution.FlatToImages.class, back.getInputPreProcess(0));
  }
}
