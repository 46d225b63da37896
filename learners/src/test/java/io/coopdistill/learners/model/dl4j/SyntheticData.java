package io.coopdistill.learners.model.dl4j;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.data.FeatureSchema.ImageShape;
import java.util.List;
import java.util.SplittableRandom;

/** Small seeded data sets that a network can learn in a second. */
final class SyntheticData {
  private SyntheticData() {}

  /**
   * {@code classes} Gaussian blobs in the unit box, with centres 0.6 apart along at least one axis.
   */
  static Dataset blobs(int rows, int width, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] centres = new float[classes][width];
    for (int c = 0; c < classes; c++)
      for (int d = 0; d < width; d++) centres[c][d] = ((c >> d) & 1) == 1 ? 0.8f : 0.2f;
    float[][] x = new float[rows][width];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      y[n] = n % classes;
      for (int d = 0; d < width; d++) {
        x[n][d] = (float) Math.min(1, Math.max(0, centres[y[n]][d] + 0.05 * gaussian(random)));
      }
    }
    return new Dataset("blobs", FeatureSchema.unitBox(width), names(classes), x, y);
  }

  /** Single-channel images where class c is a bright bar at row band c, plus noise. */
  static Dataset bars(int rows, int side, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[rows][side * side];
    int[] y = new int[rows];
    int band = side / classes;
    for (int n = 0; n < rows; n++) {
      y[n] = n % classes;
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          boolean bright = r / band == y[n];
          x[n][r * side + c] =
              (float) Math.min(1, Math.max(0, (bright ? 0.7 : 0.2) + 0.15 * gaussian(random)));
        }
      }
    }
    return new Dataset(
        "bars", FeatureSchema.images(new ImageShape(1, side, side)), names(classes), x, y);
  }

  private static List<String> names(int classes) {
    return java.util.stream.IntStream.range(0, classes).mapToObj(c -> "c" + c).toList();
  }

  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
        * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
