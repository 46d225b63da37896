package io.coopdistill.examples.knn;

import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import smile.classification.KNN;

/**
 * A trained k-nearest-neighbour classifier. It offers what counterfactual search needs of any
 * model: class probabilities (the fraction of the k neighbours in each class). It offers no input
 * gradient (it is not a {@code DifferentiableModel}) and no leaves (not a {@code TreeModel}), so
 * teachers search its counterfactuals derivative-free (particle swarm, or CMA-ES).
 *
 * <p>Its snapshot is k and the training rows ({@value #FORMAT} format, read by {@link
 * KnnModelRestorer}), from which the same model is built again. Prediction changes nothing, so the
 * model may be used from several threads at once.
 */
public final class KnnModel implements Model {
  static final String FORMAT = "knn";

  private final int k;
  private final int numClasses;
  private final float[][] rows;
  private final int[] labels;
  private final KNN<double[]> knn;

  /**
   * Smile numbers the classes present in the rows 0, 1, ...: {@code classes[i]} is our class of its
   * i-th.
   */
  private final int[] classes;

  KnnModel(int k, int numClasses, float[][] rows, int[] labels) {
    if (rows.length < k || rows.length != labels.length) {
      throw new IllegalArgumentException(
          rows.length + " rows and " + labels.length + " labels for k = " + k);
    }
    for (int y : labels) {
      if (y < 0 || y >= numClasses)
        throw new IllegalArgumentException("label " + y + " outside [0, " + numClasses + ")");
    }
    this.k = k;
    this.numClasses = numClasses;
    this.rows = rows;
    this.labels = labels;
    double[][] x = new double[rows.length][];
    for (int n = 0; n < x.length; n++) x[n] = toDouble(rows[n]);
    this.knn = KNN.fit(x, labels, k);
    this.classes = knn.classes().clone();
  }

  @Override
  public int numFeatures() {
    return rows[0].length;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public float[][] predictProba(float[][] x) {
    float[][] p = new float[x.length][numClasses];
    double[] posterior = new double[classes.length];
    for (int n = 0; n < x.length; n++) {
      knn.predict(toDouble(x[n]), posterior);
      for (int i = 0; i < classes.length; i++) p[n][classes[i]] = (float) posterior[i];
    }
    return p;
  }

  private static double[] toDouble(float[] row) {
    double[] d = new double[row.length];
    for (int c = 0; c < row.length; c++) d[c] = row[c];
    return d;
  }

  @Override
  public ModelSnapshot snapshot() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(k);
      out.writeInt(numClasses);
      out.writeInt(rows.length);
      out.writeInt(numFeatures());
      for (int n = 0; n < rows.length; n++) {
        for (float v : rows[n]) out.writeFloat(v);
        out.writeInt(labels[n]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ModelSnapshot(FORMAT, bytes.toByteArray());
  }

  /**
   * @throws IllegalArgumentException when {@code bytes} are not a knn snapshot
   */
  static KnnModel restore(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int k = in.readInt();
      int numClasses = in.readInt();
      int count = in.readInt();
      int width = in.readInt();
      if (k < 1
          || numClasses < 2
          || count < k
          || width < 1
          || (long) count * (4L * width + 4) != bytes.length - 16) {
        throw new IllegalArgumentException(
            "bad knn snapshot header: k "
                + k
                + ", "
                + numClasses
                + " classes, "
                + count
                + " rows of "
                + width
                + " features in "
                + bytes.length
                + " bytes");
      }
      float[][] rows = new float[count][width];
      int[] labels = new int[count];
      for (int n = 0; n < count; n++) {
        for (int c = 0; c < width; c++) rows[n][c] = in.readFloat();
        labels[n] = in.readInt();
      }
      return new KnnModel(k, numClasses, rows, labels);
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated knn snapshot: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "knn model (k=" + k + ", " + rows.length + " rows, " + numClasses + " classes)";
  }
}
