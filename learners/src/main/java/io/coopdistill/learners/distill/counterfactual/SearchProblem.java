package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.model.Model;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link CounterfactualSearch} solves for each row n: argmin over x' in the schema's bounds
 * of L1(x', source[n]) + λ‖model(x') − target.row(n)‖², moving only the columns the mask leaves
 * movable for the row's class.
 *
 * @param mask which columns may move for each class, or {@code null}: all columns may move
 */
public record SearchProblem(
    Model model,
    FeatureSchema schema,
    float[][] source,
    QuintessentialTarget target,
    PixelMask mask) {

  public SearchProblem {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (source.length != target.size()) {
      throw new IllegalArgumentException(
          source.length + " source rows but " + target.size() + " targets");
    }
    if (model.numFeatures() != schema.width()) {
      throw new IllegalArgumentException(
          "model takes " + model.numFeatures() + " features, schema has " + schema.width());
    }
    for (int n = 0; n < source.length; n++) {
      if (source[n].length != schema.width()) {
        throw new IllegalArgumentException(
            "source row "
                + n
                + " has "
                + source[n].length
                + " features, schema has "
                + schema.width());
      }
    }
    if (mask != null && mask.width() != schema.width()) {
      throw new IllegalArgumentException(
          "pixel mask has " + mask.width() + " columns, schema has " + schema.width());
    }
  }

  public int size() {
    return source.length;
  }

  public int width() {
    return schema.width();
  }

  /** Which columns of row n may move (shared, read-only). */
  public boolean[] movable(int n) {
    if (mask != null) return mask.movable(target.label(n));
    boolean[] all = new boolean[width()];
    Arrays.fill(all, true);
    return all;
  }

  /**
   * The box each search keeps x' in: the schema's bounds, where finite, else the source value ± 1
   * (a unit span, since encoded features are scaled to [0, 1]).
   */
  public float lower(int n, int column) {
    float bound = schema.lower(column);
    return Float.isFinite(bound) ? bound : source[n][column] - 1f;
  }

  public float upper(int n, int column) {
    float bound = schema.upper(column);
    return Float.isFinite(bound) ? bound : source[n][column] + 1f;
  }

  /** Manhattan distance between two points. */
  static float l1(float[] a, float[] b) {
    double sum = 0;
    for (int c = 0; c < a.length; c++) sum += Math.abs(a[c] - b[c]);
    return (float) sum;
  }
}
