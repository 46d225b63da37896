package io.coopdistill.learners.model.dl4j;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ∇x ‖softmax(x) − t‖² of a network the DL4J learners build (convolution, max pooling, dense
 * layers, softmax output), from the activations of one forward pass, computing only gradients with
 * respect to activations: DL4J's own backprop ({@code calculateGradients}) also computes every
 * parameter gradient, which for a convolution costs as much as the input gradient. A stride-1
 * convolution's input gradient is the "full" convolution of its output gradient with the kernel
 * rotated by 180° and its channel axes swapped, so it runs on the same fast forward convolution
 * (oneDNN's, in the default build) as prediction; libnd4j's {@code deconv2d}, the same sum as a
 * transposed convolution, took 1.75x as long in a profile of the bench. Max pooling's input
 * gradient is {@code maxpool2d_bp}; an activation's derivative is taken from its output (ReLU,
 * tanh, sigmoid, identity).
 */
final class InputBackprop {
  private final MultiLayerNetwork network;
  private final MultiLayerConfiguration configuration;

  /**
   * Per convolution layer, its weights [outC, inC, kH, kW] rotated by 180° as [inC, outC, kH, kW];
   * null elsewhere.
   */
  private final INDArray[] rotatedKernels;

  /** Checks once that every layer of {@code network} is one this class differentiates. */
  InputBackprop(MultiLayerNetwork network) {
    this.network = network;
    this.configuration = network.getLayerWiseConfigurations();
    int last = network.getnLayers() - 1;
    rotatedKernels = new INDArray[last + 1];
    for (int i = 0; i <= last; i++) {
      Layer layer = configuration.getConf(i).getLayer();
      boolean supported =
          layer instanceof ConvolutionLayer conv
                  && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW
                  && activationDerivativeKnown(conv.getActivationFn())
                  && stride1(conv)
              || layer instanceof SubsamplingLayer pool && pool.getPoolingType() == PoolingType.MAX
              || layer instanceof DenseLayer dense
                  && activationDerivativeKnown(dense.getActivationFn())
              || i == last
                  && layer instanceof OutputLayer out
                  && out.getActivationFn() instanceof ActivationSoftmax;
      if (!supported) {
        throw new IllegalArgumentException(
            "input gradient: layer "
                + i
                + " ("
                + layer.getClass().getSimpleName()
                + ") is not a NCHW stride-1 convolution without Same mode, max pooling or dense layer with ReLU, tanh, sigmoid or "
                + "identity, nor a final softmax");
      }
      if (layer instanceof ConvolutionLayer)
        rotatedKernels[i] = rotated(network.getLayer(i).getParam("W"));
    }
  }

  private static boolean stride1(ConvolutionLayer conv) {
    int[] k = conv.getKernelSize();
    int[] pad = conv.getPadding();
    return Arrays.equals(conv.getStride(), new int[] {1, 1})
        && Arrays.equals(conv.getDilation(), new int[] {1, 1})
        && conv.getConvolutionMode() != ConvolutionMode.Same
        && pad[0] < k[0]
        && pad[1] < k[1];
  }

  /** W'[i][o][y][x] = W[o][i][kH − 1 − y][kW − 1 − x]. */
  private static INDArray rotated(INDArray weights) {
    long[] s = weights.shape();
    int out = (int) s[0];
    int in = (int) s[1];
    int kh = (int) s[2];
    int kw = (int) s[3];
    float[] w = weights.dup('c').data().asFloat();
    float[] r = new float[w.length];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        for (int y = 0; y < kh; y++) {
          for (int x = 0; x < kw; x++) {
            r[((i * out + o) * kh + y) * kw + x] =
                w[((o * in + i) * kh + (kh - 1 - y)) * kw + (kw - 1 - x)];
          }
        }
      }
    }
    return Nd4j.create(r, new long[] {in, out, kh, kw}, 'c').castTo(weights.dataType());
  }

  private static boolean activationDerivativeKnown(IActivation activation) {
    return activation instanceof ActivationReLU
        || activation instanceof ActivationTanH
        || activation instanceof ActivationSigmoid
        || activation instanceof ActivationIdentity;
  }

  /** The output probabilities (row per input row) and the input gradient towards {@code target}. */
  INDArray[] outputAndGradient(INDArray input, INDArray target) {
    List<INDArray> activations = network.feedForward(input, false);
    int layers = network.getnLayers();
    INDArray p = activations.get(layers);
    // Softmax with L2 loss: dL/dp = 2(p − t); dL/dz = p ⊙ (dL/dp − Σ_c p_c dL/dp_c).
    INDArray dp = p.sub(target).muli(2);
    INDArray epsilon = p.mul(dp.sub(dp.mul(p).sum(true, 1)));
    for (int i = layers - 1; i >= 0; i--) {
      Layer layer = configuration.getConf(i).getLayer();
      INDArray out = activations.get(i + 1);
      if (layer instanceof BaseLayer base && !(layer instanceof OutputLayer)) {
        epsilon = throughActivation(base.getActivationFn(), out, epsilon);
      }
      INDArray in = layerInput(i, activations.get(i));
      if (layer instanceof ConvolutionLayer conv) {
        epsilon = convolutionInputGradient(conv, rotatedKernels[i], in, epsilon);
      } else if (layer instanceof SubsamplingLayer pool) {
        epsilon = maxPoolInputGradient(pool, in, epsilon);
      } else {
        epsilon =
            epsilon.mmul(
                network.getLayer(i).getParam("W").transpose()); // dense and output: z = xW + b
      }
      // A preprocessor (flat rows to NCHW images, images to flat rows) only reshapes.
      epsilon = epsilon.reshape('c', activations.get(i).shape());
    }
    return new INDArray[] {p, epsilon};
  }

  /** Layer i's input after its preprocessor, if any. */
  private INDArray layerInput(int i, INDArray activation) {
    InputPreProcessor pre = configuration.getInputPreProcess(i);
    return pre == null
        ? activation
        : pre.preProcess(activation, (int) activation.size(0), LayerWorkspaceMgr.noWorkspaces());
  }

  /** dL/dz from dL/da, with a = f(z) given: the derivative of each supported f in terms of a. */
  private static INDArray throughActivation(IActivation f, INDArray a, INDArray epsilon) {
    if (f instanceof ActivationReLU) { // in place: epsilon is this pass's own array
      Nd4j.exec(
          DynamicCustomOp.builder("relu_bp")
              .addInputs(a, epsilon)
              .addOutputs(epsilon)
              .addFloatingPointArguments(0.0)
              .build());
      return epsilon;
    }
    if (f instanceof ActivationTanH) return epsilon.mul(a.mul(a).rsubi(1));
    if (f instanceof ActivationSigmoid) return epsilon.mul(a.rsub(1).muli(a));
    return epsilon; // identity (the constructor admits nothing else)
  }

  /**
   * The full convolution of {@code epsilon} with the rotated kernel: padding k − 1 − p restores the
   * input's size.
   */
  private static INDArray convolutionInputGradient(
      ConvolutionLayer conv, INDArray rotatedKernel, INDArray in, INDArray epsilon) {
    int[] k = conv.getKernelSize();
    int[] pad = conv.getPadding();
    INDArray gradient = Nd4j.create(in.dataType(), in.shape());
    Nd4j.exec(
        DynamicCustomOp.builder("conv2d")
            .addInputs(epsilon, rotatedKernel)
            .addOutputs(gradient)
            .addIntegerArguments(
                k[0], k[1], 1, 1, k[0] - 1 - pad[0], k[1] - 1 - pad[1], 1, 1, 0, 0, 1)
            .build());
    return gradient;
  }

  private static INDArray maxPoolInputGradient(
      SubsamplingLayer pool, INDArray in, INDArray epsilon) {
    int[] k = pool.getKernelSize();
    int[] s = pool.getStride();
    int[] pad = pool.getPadding();
    int[] d = pool.getDilation();
    INDArray gradient = Nd4j.create(in.dataType(), in.shape());
    Nd4j.exec(
        DynamicCustomOp.builder("maxpool2d_bp")
            .addInputs(in, epsilon)
            .addOutputs(gradient)
            .addIntegerArguments(
                k[0],
                k[1],
                s[0],
                s[1],
                pad[0],
                pad[1],
                d[0],
                d[1],
                sameMode(pool.getConvolutionMode()),
                0,
                0)
            .build());
    return gradient;
  }

  private static int sameMode(ConvolutionMode mode) {
    return mode == ConvolutionMode.Same ? 1 : 0;
  }
}
