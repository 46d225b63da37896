package io.coopdistill.learners.model.dl4j;

import java.util.Arrays;
import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The convolution a CNN starts with: as DL4J's, except that its backward pass computes only the
 * weight and bias gradients, not the gradient with respect to the network's input, which training
 * never uses (PyTorch skips it too). With one input channel oneDNN pads that input gradient to 16
 * channels: it was the largest single kernel of LeNet training (22% of the oneDNN time per
 * minibatch, {@code DNNL_VERBOSE=1}). The weight gradient is one forward convolution (oneDNN's, as
 * in prediction) of the input, batch and channel axes swapped, with the output gradient as kernels;
 * im2col and a matrix product took about 5% longer per training step. {@link InputBackprop}
 * computes input gradients without DL4J's backprop, so the counterfactual search is unaffected;
 * DL4J's own {@code calculateGradients} gets no input gradient from a network that starts with this
 * layer.
 */
public final class FirstConvolution extends ConvolutionLayer {

  /** For the JSON form of a network's configuration. */
  public FirstConvolution() {}

  /** The NCHW stride-1 undilated convolution (no Same mode) {@code builder} describes. */
  FirstConvolution(ConvolutionLayer.Builder builder) {
    super(builder);
    if (getCnn2dDataFormat() != CNN2DFormat.NCHW
        || getConvolutionMode() == ConvolutionMode.Same
        || !Arrays.equals(getStride(), new int[] {1, 1})
        || !Arrays.equals(getDilation(), new int[] {1, 1})) {
      throw new IllegalArgumentException(
          "FirstConvolution supports NCHW stride-1 undilated convolutions without Same mode");
    }
  }

  @Override
  public Layer instantiate(
      NeuralNetConfiguration conf,
      Collection<TrainingListener> listeners,
      int index,
      INDArray params,
      boolean initialize,
      DataType dataType) {
    if (index != 0)
      throw new IllegalArgumentException(
          "FirstConvolution must be a network's first layer, not layer " + index);
    LayerValidation.assertNInNOutSet(
        "FirstConvolution", getLayerName(), index, getNIn(), getNOut());
    Implementation layer = new Implementation(conf, dataType);
    layer.setListeners(listeners);
    layer.setIndex(index);
    layer.setParamsViewArray(params);
    layer.setParamTable(initializer().init(conf, params, initialize));
    layer.setConf(conf);
    return layer;
  }

  /**
   * Flat rows to NCHW images, passing "no gradient" back as it came: the layer after it gives none.
   */
  public static final class FlatToImages extends FeedForwardToCnnPreProcessor {
    @JsonCreator
    public FlatToImages(
        @JsonProperty("inputHeight") long height,
        @JsonProperty("inputWidth") long width,
        @JsonProperty("numChannels") long channels) {
      super(height, width, channels);
    }

    @Override
    public INDArray backprop(INDArray epsilon, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
      return epsilon == null ? null : super.backprop(epsilon, miniBatchSize, workspaceMgr);
    }

    @Override
    public FlatToImages clone() {
      return (FlatToImages) super.clone();
    }
  }

  static final class Implementation
      extends org.deeplearning4j.nn.layers.convolution.ConvolutionLayer {
    Implementation(NeuralNetConfiguration conf, DataType dataType) {
      super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(
        INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
      assertInputSet(true);
      ConvolutionLayer c = layerConf();
      INDArray x = input.castTo(dataType);
      INDArray z = preOutput4d(true, true, workspaceMgr).getFirst();
      INDArray delta = c.getActivationFn().backprop(z, epsilon).getFirst(); // [n, out, oH, oW]
      // dL/dW[o, i, y, x] = Σ_n Σ_(r,s) x[n, i, r + y, s + x] · delta[n, o, r, s]: a convolution of
      // the input,
      // batch and channel axes swapped, with delta as the kernel (the same fast forward convolution
      // as prediction).
      int[] k = c.getKernelSize();
      int[] p = c.getPadding();
      INDArray images = x.permute(1, 0, 2, 3).dup('c');
      INDArray kernels = delta.permute(1, 0, 2, 3).dup('c');
      INDArray perChannel =
          Nd4j.createUninitialized(dataType, x.size(1), delta.size(1), k[0], k[1]);
      Nd4j.exec(
          DynamicCustomOp.builder("conv2d")
              .addInputs(images, kernels)
              .addOutputs(perChannel)
              .addIntegerArguments(
                  (int) delta.size(2), (int) delta.size(3), 1, 1, p[0], p[1], 1, 1, 0, 0, 1)
              .build());
      INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
      weightGradient.assign(perChannel.permute(1, 0, 2, 3));
      Gradient gradient = new DefaultGradient();
      if (hasBias()) {
        INDArray biasGradient = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        biasGradient.assign(delta.sum(0, 2, 3).reshape(biasGradient.shape()));
        gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
      }
      gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
      weightNoiseParams.clear();
      return new Pair<>(gradient, null);
    }
  }
}
