package io.coopdistill.actors;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded Gaussian blobs in the unit box, one per class around fixed centres: small private data
 * sets for many sites.
 */
public final class Blobs {
  private Blobs() {}

  static final int CLASSES = 3;

  /**
   * {@code rows} rows, classes in turn, around centres drawn from {@code centreSeed}; the noise
   * from {@code seed}.
   */
  public static Dataset generate(
      String name, int width, int rows, double spread, long centreSeed, long seed) {
    SplittableRandom centres = new SplittableRandom(centreSeed);
    double[][] centre = new double[CLASSES][width];
    for (double[] c : centre)
      for (int col = 0; col < width; col++) c[col] = 0.2 + 0.6 * centres.nextDouble();
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[rows][width];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      y[n] = n % CLASSES;
      for (int col = 0; col < width; col++) {
        x[n][col] =
            (float) Math.min(1, Math.max(0, centre[y[n]][col] + spread * random.nextGaussian()));
      }
    }
    return new Dataset(name, FeatureSchema.unitBox(width), List.of("a", "b", "c"), x, y);
  }
}
