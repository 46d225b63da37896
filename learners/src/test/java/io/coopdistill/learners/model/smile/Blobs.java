package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded Gaussian blobs in the unit box, one per class, as test data. */
final class Blobs {
  private Blobs() {}

  /** {@code rowsPerClass} rows of each class around a random centre, clamped into [0, 1]. */
  static Dataset generate(int classes, int width, int rowsPerClass, double spread, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[][] centres = new double[classes][width];
    for (double[] centre : centres)
      for (int c = 0; c < width; c++) centre[c] = 0.15 + 0.7 * random.nextDouble();
    float[][] x = new float[classes * rowsPerClass][width];
    int[] y = new int[x.length];
    for (int n = 0; n < x.length; n++) {
      y[n] = n % classes;
      for (int c = 0; c < width; c++) {
        x[n][c] =
            (float) Math.min(1, Math.max(0, centres[y[n]][c] + spread * random.nextGaussian()));
      }
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) names.add("class" + k);
    return new Dataset("blobs", FeatureSchema.unitBox(width), names, x, y);
  }

  static float[][] uniformPoints(int count, int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[count][width];
    for (float[] row : x) for (int c = 0; c < width; c++) row[c] = (float) random.nextDouble();
    return x;
  }

  static double accuracy(int[] predicted, int[] labels) {
    int right = 0;
    for (int n = 0; n < labels.length; n++) if (predicted[n] == labels[n]) right++;
    return right / (double) labels.length;
  }
}
