package io.coopdistill.learners.model.dl4j;

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
 * parameter gradient, which for a convolution costs as much as the input gradient. A convolution's
 * input gradient is the transposed convolution (libnd4j {@code deconv2d}) of its output gradient
 * with the same weights; max pooling's is {@code maxpool2d_bp}; an activation's derivative is
 * taken from its output (ReLU, tanh, sigmoid, identity).
 */
final class InputBackprop {
  private final MultiLayerNetwork network;
  private final MultiLayerConfiguration configuration;

  /** Checks once that every layer of {@code network} is one this class differentiates. */
  InputBackprop(MultiLayerNetwork network) {
    this.network = network;
    this.configuration = network.getLayerWiseConfigurations();
    int last = network.getnLayers() - 1;
    for (int i = 0; i <= last; i++) {
      Layer layer = configuration.getConf(i).getLayer();
      boolean supported = layer instanceof ConvolutionLayer conv && conv.getCnn2dDataFormat() == CNN2DFormat.NCHW
          && activationDerivativeKnown(conv.getActivationFn())
          || layer instanceof SubsamplingLayer pool && pool.getPoolingType() == PoolingType.MAX
          || layer instanceof DenseLayer dense && activationDerivativeKnown(dense.getActivationFn())
          || i == last && layer instanceof OutputLayer out && out.getActivationFn() instanceof ActivationSoftmax;
      if (!supported) {
        throw new IllegalArgumentException("input gradient: layer " + i + " (" + layer.getClass().getSimpleName()
            + ") is not a NCHW convolution, max pooling or dense layer with ReLU, tanh, sigmoid or identity, nor a final softmax");
      }
    }
  }

  private static boolean activationDerivativeKnown(IActivation activation) {
    return activation instanceof ActivationReLU || activation instanceof ActivationTanH
        || activation instanceof ActivationSigmoid || activation instanceof ActivationIdentity;
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
        epsilon = convolutionInputGradient(conv, network.getLayer(i).getParam("W"), in, epsilon);
      } else if (layer instanceof SubsamplingLayer pool) {
        epsilon = maxPoolInputGradient(pool, in, epsilon);
      } else {
        epsilon = epsilon.mmul(network.getLayer(i).getParam("W").transpose()); // dense and output: z = xW + b
      }
      // A preprocessor (flat rows to NCHW images, images to flat rows) only reshapes.
      epsilon = epsilon.reshape('c', activations.get(i).shape());
    }
    return new INDArray[] {p, epsilon};
  }

  /** Layer i's input after its preprocessor, if any. */
  private INDArray layerInput(int i, INDArray activation) {
    InputPreProcessor pre = configuration.getInputPreProcess(i);
    return pre == null ? activation : pre.preProcess(activation, (int) activation.size(0), LayerWorkspaceMgr.noWorkspaces());
  }

  /** dL/dz from dL/da, with a = f(z) given: the derivative of each supported f in terms of a. */
  private static INDArray throughActivation(IActivation f, INDArray a, INDArray epsilon) {
    if (f instanceof ActivationReLU) return epsilon.mul(a.gt(0).castTo(epsilon.dataType()));
    if (f instanceof ActivationTanH) return epsilon.mul(a.mul(a).rsubi(1));
    if (f instanceof ActivationSigmoid) return epsilon.mul(a.rsub(1).muli(a));
    return epsilon; // identity (the constructor admits nothing else)
  }

  private static INDArray convolutionInputGradient(ConvolutionLayer conv, INDArray weights, INDArray in, INDArray epsilon) {
    int[] k = conv.getKernelSize();
    int[] s = conv.getStride();
    int[] pad = conv.getPadding();
    int[] d = conv.getDilation();
    INDArray gradient = Nd4j.create(in.dataType(), in.shape());
    // Weights [outC, inC, kH, kW] read as a transposed convolution's [its inC, its outC, kH, kW] (wFormat 1).
    Nd4j.exec(DynamicCustomOp.builder("deconv2d").addInputs(epsilon, weights).addOutputs(gradient)
        .addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], sameMode(conv.getConvolutionMode()), 0, 1)
        .build());
    return gradient;
  }

  private static INDArray maxPoolInputGradient(SubsamplingLayer pool, INDArray in, INDArray epsilon) {
    int[] k = pool.getKernelSize();
    int[] s = pool.getStride();
    int[] pad = pool.getPadding();
    int[] d = pool.getDilation();
    INDArray gradient = Nd4j.create(in.dataType(), in.shape());
    Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(in, epsilon).addOutputs(gradient)
        .addIntegerArguments(k[0], k[1], s[0], s[1], pad[0], pad[1], d[0], d[1], sameMode(pool.getConvolutionMode()), 0, 0)
        .build());
    return gradient;
  }

  private static int sameMode(ConvolutionMode mode) {
    return mode == ConvolutionMode.Same ? 1 : 0;
  }
}
