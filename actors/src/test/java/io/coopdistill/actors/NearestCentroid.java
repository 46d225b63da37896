package io.coopdistill.actors;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelRestorer;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.TrainingProgress;
import java.nio.ByteBuffer;

/**
 * The tiniest learner for tests with many agents: each class's mean row, a row scored by its
 * distance to them. Its snapshot is the means' floats and restores at once (its restorer is listed
 * in META-INF/services).
 */
final class NearestCentroid implements Learner {
  static final String FORMAT = "nearest-centroid";

  @Override
  public String name() {
    return FORMAT;
  }

  @Override
  public Model train(Dataset data, long seed, TrainingProgress progress) {
    float[][] centroids = new float[data.numClasses()][data.numFeatures()];
    int[] counts = new int[data.numClasses()];
    for (int n = 0; n < data.size(); n++) {
      int c = data.label(n);
      counts[c]++;
      float[] row = data.row(n);
      for (int f = 0; f < row.length; f++) centroids[c][f] += row[f];
    }
    for (int c = 0; c < centroids.length; c++)
      for (int f = 0; f < centroids[c].length; f++) centroids[c][f] /= Math.max(1, counts[c]);
    return new Centroids(centroids);
  }

  record Centroids(float[][] centroids) implements Model {
    @Override
    public int numFeatures() {
      return centroids[0].length;
    }

    @Override
    public int numClasses() {
      return centroids.length;
    }

    /** Probabilities falling with the squared distance to each class's mean. */
    @Override
    public float[][] predictProba(float[][] x) {
      float[][] p = new float[x.length][centroids.length];
      for (int n = 0; n < x.length; n++) {
        double sum = 0;
        for (int c = 0; c < centroids.length; c++) {
          double d = 0;
          for (int f = 0; f < x[n].length; f++)
            d += (x[n][f] - centroids[c][f]) * (x[n][f] - centroids[c][f]);
          p[n][c] = (float) Math.exp(-50 * d);
          sum += p[n][c];
        }
        for (int c = 0; c < centroids.length; c++)
          p[n][c] = sum > 0 ? (float) (p[n][c] / sum) : 1f / centroids.length;
      }
      return p;
    }

    @Override
    public ModelSnapshot snapshot() {
      ByteBuffer bytes =
          ByteBuffer.allocate(8 + 4 * numClasses() * numFeatures())
              .putInt(numClasses())
              .putInt(numFeatures());
      for (float[] centroid : centroids) for (float v : centroid) bytes.putFloat(v);
      return new ModelSnapshot(FORMAT, bytes.array());
    }
  }

  public static final class Restorer implements ModelRestorer {
    @Override
    public String format() {
      return FORMAT;
    }

    @Override
    public Model restore(byte[] bytes) {
      ByteBuffer in = ByteBuffer.wrap(bytes);
      float[][] centroids = new float[in.getInt()][in.getInt()];
      for (float[] centroid : centroids)
        for (int f = 0; f < centroid.length; f++) centroid[f] = in.getFloat();
      return new Centroids(centroids);
    }
  }
}
