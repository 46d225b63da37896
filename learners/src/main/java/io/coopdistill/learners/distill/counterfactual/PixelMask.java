package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.OptionChecks;
import io.coopdistill.learners.data.Dataset;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Which columns a search may move, per class. The paper optimises FashionMNIST images "only over
 * the 50% most variable pixels of their class", which keeps counterfactuals on plausible strokes
 * instead of spraying noise over the background.
 */
public final class PixelMask {
  private final boolean[][] movable;

  private PixelMask(boolean[][] movable) {
    this.movable = movable;
  }

  /**
   * A mask received from the teacher that computed it (e.g. through a message): {@code
   * movable[c][col]} says whether column col may move for class c. Copied; every class needs the
   * same width.
   */
  public static PixelMask of(boolean[][] movable) {
    if (movable.length == 0 || movable[0].length == 0)
      throw new IllegalArgumentException("a pixel mask needs at least one class and one column");
    boolean[][] copy = new boolean[movable.length][];
    for (int c = 0; c < movable.length; c++) {
      if (movable[c].length != movable[0].length) {
        throw new IllegalArgumentException(
            "pixel mask class "
                + c
                + " has "
                + movable[c].length
                + " columns, class 0 has "
                + movable[0].length);
      }
      copy[c] = movable[c].clone();
    }
    return new PixelMask(copy);
  }

  /**
   * For each class, the {@code round(fraction × width)} columns with the largest variance over
   * {@code data}'s rows of that class (ties to the lower column). A class without rows in {@code
   * data} uses the variance over all rows.
   */
  public static PixelMask mostVariable(Dataset data, double fraction) {
    OptionChecks.require(
        fraction > 0 && fraction <= 1,
        "coopdistill.counterfactual.mask-fraction",
        "in (0, 1]",
        fraction);
    if (data.size() == 0)
      throw new IllegalArgumentException(
          data.name() + ": cannot compute a pixel mask from no rows");
    int width = data.numFeatures();
    int keep = Math.max(1, (int) Math.round(fraction * width));
    double[] overall = spread(data, -1);
    boolean[][] movable = new boolean[data.numClasses()][];
    int[] counts = data.classCounts();
    for (int c = 0; c < movable.length; c++) {
      double[] v = counts[c] > 0 ? spread(data, c) : overall;
      Integer[] order = IntStream.range(0, width).boxed().toArray(Integer[]::new);
      Arrays.sort(
          order, Comparator.comparingDouble((Integer col) -> -v[col]).thenComparingInt(col -> col));
      movable[c] = new boolean[width];
      for (int k = 0; k < keep; k++) movable[c][order[k]] = true;
    }
    return new PixelMask(movable);
  }

  /**
   * Each column's sum of squared deviations over the rows of class {@code label} (all rows when it
   * is −1): proportional to the variance, so it ranks columns the same way.
   */
  private static double[] spread(Dataset data, int label) {
    int width = data.numFeatures();
    double[] mean = new double[width];
    double[] m2 = new double[width];
    int count = 0;
    for (int i = 0; i < data.size(); i++) {
      if (label >= 0 && data.label(i) != label) continue;
      count++;
      float[] row = data.row(i);
      for (int c = 0; c < width; c++) {
        double delta = row[c] - mean[c];
        mean[c] += delta / count;
        m2[c] += delta * (row[c] - mean[c]);
      }
    }
    return m2;
  }

  public int width() {
    return movable[0].length;
  }

  public int numClasses() {
    return movable.length;
  }

  /** The movable columns of class {@code label} (shared, read-only). */
  public boolean[] movable(int label) {
    if (label < 0 || label >= movable.length) {
      throw new IllegalArgumentException(
          "pixel mask has classes [0, " + movable.length + "), asked for " + label);
    }
    return movable[label];
  }

  public int movableCount(int label) {
    int count = 0;
    for (boolean m : movable(label)) if (m) count++;
    return count;
  }
}
