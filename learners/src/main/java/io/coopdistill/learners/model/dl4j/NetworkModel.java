package io.coopdistill.learners.model.dl4j;

import io.coopdistill.learners.model.DifferentiableModel;
import io.coopdistill.learners.model.ModelSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained DL4J {@link MultiLayerNetwork} with a softmax output, as a {@link DifferentiableModel}.
 *
 * <p>Thread safety: a {@code MultiLayerNetwork} keeps per-call state (inputs, workspaces), so one
 * instance must not run two calls at once. This model keeps only the trained configuration and
 * parameters, which are never changed; each call borrows an idle network built from them from a
 * pool (building a new one when all are busy) and returns it afterwards, so concurrent callers run
 * in parallel and the pool holds at most as many networks as there were concurrent callers. Results
 * are plain Java arrays copied out of ND4J.
 */
public final class NetworkModel implements DifferentiableModel {
  /** The {@link ModelSnapshot#format()} of these models. */
  public static final String FORMAT = "dl4j";

  private static final int SNAPSHOT_MAGIC = 0x434F4431; // "COD1"

  static {
    OneDnnHelpers.enableUnlessConfigured();
  }

  private final MultiLayerConfiguration configuration;
  private final INDArray parameters;
  private final int numFeatures;
  private final int numClasses;
  private final Queue<MultiLayerNetwork> idlePredictors = new ConcurrentLinkedQueue<>();
  private final Queue<InputBackprop> idleDifferentiators = new ConcurrentLinkedQueue<>();

  /** Keeps copies of {@code trained}'s configuration and parameters (not its updater state). */
  NetworkModel(MultiLayerNetwork trained, int numFeatures, int numClasses) {
    this.configuration = trained.getLayerWiseConfigurations().clone();
    this.parameters = trained.params().dup();
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  /**
   * On ND4J's CPU backend (the default build) the network computes on the cores like any other
   * model.
   */
  @Override
  public boolean onGpu() {
    return !Nd4j.getEnvironment().isCPU();
  }

  /**
   * Rows per forward pass when predicting. DL4J sizes a thread's inference workspace for the
   * largest batch it has seen and keeps it as long as the thread lives: one pass over a
   * 10,000-image test set would pin over a gigabyte off the heap per thread, and a long run starts
   * many threads.
   */
  static final int PREDICTION_BATCH = 256;

  @Override
  public float[][] predictProba(float[][] x) {
    return withCopy(
        idlePredictors, () -> network(configuration), network -> output(network, x, numFeatures));
  }

  /**
   * {@code network}'s output for rows {@code x} of {@code width} features, {@link
   * #PREDICTION_BATCH} rows at a time.
   */
  static float[][] output(MultiLayerNetwork network, float[][] x, int width) {
    float[][] p = new float[x.length][];
    for (int from = 0; from < x.length; from += PREDICTION_BATCH) {
      float[][] batch =
          network
              .output(
                  NdArrays.matrix(
                      x, from, Math.min(x.length, from + PREDICTION_BATCH), width, "input"),
                  false)
              .toFloatMatrix();
      System.arraycopy(batch, 0, p, from, batch.length);
    }
    return p;
  }

  /** One forward pass and {@link InputBackprop} on a pooled network: no parameter gradients. */
  @Override
  public OutputAndGradient squaredErrorInputGradient(float[][] x, float[][] target) {
    if (x.length != target.length) {
      throw new IllegalArgumentException(
          x.length + " input rows but " + target.length + " target rows");
    }
    if (x.length == 0) return new OutputAndGradient(new float[0][], new float[0][]);
    INDArray input = NdArrays.matrix(x, numFeatures, "input");
    INDArray labels = NdArrays.matrix(target, numClasses, "target");
    return withCopy(
        idleDifferentiators,
        () -> new InputBackprop(network(configuration)),
        backprop -> {
          INDArray[] result = backprop.outputAndGradient(input, labels);
          return new OutputAndGradient(result[0].toFloatMatrix(), result[1].toFloatMatrix());
        });
  }

  /**
   * A network of the trained parameters with the given configuration (cloned: networks may change
   * theirs).
   */
  private MultiLayerNetwork network(MultiLayerConfiguration layers) {
    MultiLayerNetwork network = new MultiLayerNetwork(layers.clone());
    network.init(parameters.dup(), false);
    return network;
  }

  private static <N, T> T withCopy(Queue<N> idle, Supplier<N> newCopy, Function<N, T> call) {
    N network = idle.poll();
    if (network == null) network = newCopy.get();
    try {
      return call.apply(network);
    } finally {
      idle.add(network);
    }
  }

  /**
   * Sets {@code network}'s parameters to this model's (a warm start). Its parameter shapes must
   * match layer by layer, i.e. the same architecture on data of the same width and classes.
   */
  void copyParametersInto(MultiLayerNetwork network) {
    Map<String, String> mine = parameterShapes(network(configuration));
    Map<String, String> theirs = parameterShapes(network);
    if (!mine.equals(theirs)) {
      throw new IllegalArgumentException(
          "cannot start a network with parameters "
              + theirs
              + " from a model with parameters "
              + mine
              + ": the architectures differ");
    }
    network.setParams(parameters);
  }

  private static Map<String, String> parameterShapes(MultiLayerNetwork network) {
    Map<String, String> shapes = new LinkedHashMap<>();
    network
        .paramTable()
        .forEach((name, values) -> shapes.put(name, Arrays.toString(values.shape())));
    return shapes;
  }

  /**
   * A {@code dl4j} snapshot: a header with the input width and class count, then DL4J's model zip
   * (no updater state).
   */
  @Override
  public ModelSnapshot snapshot() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(SNAPSHOT_MAGIC);
      out.writeInt(numFeatures);
      out.writeInt(numClasses);
      out.flush();
      MultiLayerNetwork network = network(configuration);
      ModelSerializer.writeModel(network, bytes, false);
      return new ModelSnapshot(FORMAT, bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise DL4J model", e);
    }
  }

  /** Reads what {@link #snapshot()} wrote. */
  static NetworkModel restore(byte[] bytes) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    int numFeatures;
    int numClasses;
    try {
      if (bytes.length < 12 || in.readInt() != SNAPSHOT_MAGIC) {
        throw new IllegalArgumentException("not a coopdistill DL4J snapshot (bad header)");
      }
      numFeatures = in.readInt();
      numClasses = in.readInt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (numFeatures < 1 || numClasses < 2) {
      throw new IllegalArgumentException(
          "corrupt DL4J snapshot header: " + numFeatures + " features, " + numClasses + " classes");
    }
    MultiLayerNetwork network;
    try {
      network = ModelSerializer.restoreMultiLayerNetwork(in, false);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "corrupt DL4J model zip after the header at byte offset 12: " + e, e);
    }
    long outputs = network.layerSize(network.getnLayers() - 1);
    if (outputs != numClasses) {
      throw new IllegalArgumentException(
          "DL4J snapshot says "
              + numClasses
              + " classes but its network has "
              + outputs
              + " outputs");
    }
    return new NetworkModel(network, numFeatures, numClasses);
  }

  @Override
  public String toString() {
    return "NetworkModel("
        + numFeatures
        + " features, "
        + numClasses
        + " classes, "
        + parameters.length()
        + " parameters)";
  }
}
