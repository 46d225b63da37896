package io.coopdistill.learners.model.dl4j;

import static io.coopdistill.learners.OptionChecks.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema.ImageShape;
import io.coopdistill.learners.model.Learner;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;

/**
 * A LeNet-like convolutional network (type {@code cnn}) for image data sets: per entry of {@code
 * convolutionFilters} a {@code kernelSize}² convolution (stride 1, no padding) and a 2x2 max pool,
 * then a dense layer of {@code denseUnits} and softmax. The input shape comes from the data set's
 * {@link io.coopdistill.learners.data.FeatureSchema#image() image schema}. It can train on soft
 * targets and warm-start from another CNN of the same architecture.
 */
public final class CnnLearner extends NetworkLearner<CnnLearner.Options> {

  public record Options(
      List<Integer> convolutionFilters,
      int kernelSize,
      int denseUnits,
      Activation activation,
      TrainingOptions training)
      implements Architecture {
    public Options {
      convolutionFilters = List.copyOf(convolutionFilters);
      require(
          !convolutionFilters.isEmpty()
              && convolutionFilters.stream().allMatch(filters -> filters >= 1),
          "convolution-filters",
          "a non-empty list, all >= 1",
          convolutionFilters);
      require(kernelSize >= 1, "kernel-size", ">= 1", kernelSize);
      require(denseUnits >= 1, "dense-units", ">= 1", denseUnits);
      require(activation != null, "activation", "set", activation);
      require(training != null, "training", "set", training);
    }

    /**
     * Reads {@code convolution-filters, kernel-size, dense-units, activation} and the {@link
     * TrainingOptions} keys.
     */
    public static Options from(Config c) {
      return new Options(
          c.getIntList("convolution-filters"),
          c.getInt("kernel-size"),
          c.getInt("dense-units"),
          NetworkTrainer.activation(c.getString("activation")),
          TrainingOptions.from(c));
    }
  }

  public CnnLearner(Options options) {
    super("cnn", options);
  }

  /** Another CNN with the same convolutions, kernel, dense layer and activation. */
  @Override
  public boolean sameArchitecture(Learner other) {
    return other instanceof CnnLearner cnn
        && cnn.options().convolutionFilters().equals(options().convolutionFilters())
        && cnn.options().kernelSize() == options().kernelSize()
        && cnn.options().denseUnits() == options().denseUnits()
        && cnn.options().activation() == options().activation();
  }

  @Override
  MultiLayerConfiguration configuration(Dataset data, long seed) {
    ImageShape image =
        data.schema()
            .image()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cnn needs an image data set, but " + data.name() + " has no image shape"));
    NeuralNetConfiguration.ListBuilder layers =
        NetworkTrainer.base(seed, options().training()).list();
    List<Integer> filters = options().convolutionFilters();
    for (int i = 0; i < filters.size(); i++) {
      ConvolutionLayer.Builder convolution =
          new ConvolutionLayer.Builder(options().kernelSize(), options().kernelSize())
              .nOut(filters.get(i))
              .activation(options().activation());
      // The first convolution skips the gradient with respect to the network's input, which
      // training never uses.
      layers.layer(i == 0 ? new FirstConvolution(convolution) : convolution.build());
      layers.layer(
          new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
              .kernelSize(2, 2)
              .stride(2, 2)
              .build());
    }
    layers.layer(
        new DenseLayer.Builder()
            .nOut(options().denseUnits())
            .activation(options().activation())
            .build());
    layers.layer(NetworkTrainer.softmaxOutput(data.numClasses()));
    // Rows are flat channel-row-column pixels, reshaped to NCHW in a preprocessor.
    layers.inputPreProcessor(
        0, new FirstConvolution.FlatToImages(image.height(), image.width(), image.channels()));
    layers.setInputType(
        InputType.convolutionalFlat(image.height(), image.width(), image.channels()));
    return layers.build();
  }
}
