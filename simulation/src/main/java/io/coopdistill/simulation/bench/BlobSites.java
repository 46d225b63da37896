package io.coopdistill.simulation.bench;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Many small tabular sites for the scaling benchmark: three Gaussian blobs in the unit box around
 * centres shared by all sites; each site draws its own rows, and leans towards one class (half its
 * rows), so that the sites' models differ and have deficiencies to teach.
 */
final class BlobSites {
  private BlobSites() {}

  static final List<String> CLASSES = List.of("a", "b", "c");

  static Dataset site(int index, int width, int rows, long seed) {
    return generate(
        "blobs-" + index, width, rows, index % CLASSES.size(), seed * 1_000_003L + index, seed);
  }

  static Dataset test(int width, int rows, long seed) {
    return generate("blobs-test", width, rows, -1, seed * 1_000_003L - 1, seed);
  }

  /**
   * {@code rows} rows; half of them of class {@code favoured} (none favoured when negative), the
   * rest in turn.
   */
  private static Dataset generate(
      String name, int width, int rows, int favoured, long rowSeed, long centreSeed) {
    SplittableRandom centres = new SplittableRandom(centreSeed);
    double[][] centre = new double[CLASSES.size()][width];
    for (double[] c : centre)
      for (int col = 0; col < width; col++) c[col] = 0.25 + 0.5 * centres.nextDouble();
    SplittableRandom random = new SplittableRandom(rowSeed);
    float[][] x = new float[rows][width];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      y[n] = favoured >= 0 && n % 2 == 0 ? favoured : n % CLASSES.size();
      for (int col = 0; col < width; col++)
        x[n][col] =
            (float) Math.min(1, Math.max(0, centre[y[n]][col] + 0.15 * random.nextGaussian()));
    }
    return new Dataset(name, FeatureSchema.unitBox(width), CLASSES, x, y);
  }
}
