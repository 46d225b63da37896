package io.coopdistill.learners.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The encoded feature space a model sees: one named column per model input, each with the bounds a
 * counterfactual search must stay in, the one-hot groups that together encode one nominal feature,
 * and, for images, the shape of the pixel grid.
 *
 * <p>Following the paper's "mismatched feature sets" section, numeric features are scaled to [0,
 * 1], nominal features are one-hot and missing values are 0; {@code TabularEncoding} builds such
 * schemas from tables, and union schemas across sites.
 */
public final class FeatureSchema {
  private final List<String> columns;
  private final float[] lower;
  private final float[] upper;
  private final List<OneHotGroup> oneHotGroups;
  private final ImageShape image;

  public FeatureSchema(
      List<String> columns,
      float[] lower,
      float[] upper,
      List<OneHotGroup> oneHotGroups,
      ImageShape image) {
    this.columns = List.copyOf(columns);
    this.lower = lower.clone();
    this.upper = upper.clone();
    this.oneHotGroups = List.copyOf(oneHotGroups);
    this.image = image;
    int width = this.columns.size();
    if (lower.length != width || upper.length != width) {
      throw new IllegalArgumentException("bounds must have one entry per column (" + width + ")");
    }
    for (int c = 0; c < width; c++) {
      if (!(lower[c] <= upper[c])) {
        throw new IllegalArgumentException(
            "column "
                + this.columns.get(c)
                + ": lower bound "
                + lower[c]
                + " is above upper bound "
                + upper[c]);
      }
    }
    boolean[] grouped = new boolean[width];
    for (OneHotGroup group : this.oneHotGroups) {
      for (int c : group.columns()) {
        if (c < 0 || c >= width)
          throw new IllegalArgumentException(
              "one-hot group " + group.feature() + " names column " + c);
        if (grouped[c])
          throw new IllegalArgumentException("column " + c + " is in two one-hot groups");
        grouped[c] = true;
      }
    }
    if (image != null && image.size() != width) {
      throw new IllegalArgumentException(
          "image shape "
              + image
              + " has "
              + image.size()
              + " pixels, schema has "
              + width
              + " columns");
    }
  }

  /** Pixels in [0, 1], laid out channel, row, column (what DL4J's convolutional input expects). */
  public static FeatureSchema images(ImageShape shape) {
    List<String> names = new ArrayList<>(shape.size());
    for (int i = 0; i < shape.size(); i++) names.add("px" + i);
    float[] lo = new float[shape.size()];
    float[] hi = new float[shape.size()];
    Arrays.fill(hi, 1f);
    return new FeatureSchema(names, lo, hi, List.of(), shape);
  }

  /** Numeric columns bounded to [0, 1], no nominal groups: generated data and tests. */
  public static FeatureSchema unitBox(int width) {
    List<String> names = new ArrayList<>(width);
    for (int i = 0; i < width; i++) names.add("x" + i);
    float[] hi = new float[width];
    Arrays.fill(hi, 1f);
    return new FeatureSchema(names, new float[width], hi, List.of(), null);
  }

  public int width() {
    return columns.size();
  }

  public List<String> columns() {
    return columns;
  }

  public float lower(int column) {
    return lower[column];
  }

  public float upper(int column) {
    return upper[column];
  }

  public List<OneHotGroup> oneHotGroups() {
    return oneHotGroups;
  }

  public Optional<ImageShape> image() {
    return Optional.ofNullable(image);
  }

  /**
   * Maps a searched point back into the data space, in place: numeric columns are clamped to their
   * bounds, and each one-hot group becomes a valid category (its largest entry set to 1, the others
   * to 0; an all-zero group, i.e. a missing value, stays missing).
   */
  public void project(float[] x) {
    for (int c = 0; c < x.length; c++) x[c] = Math.min(upper[c], Math.max(lower[c], x[c]));
    for (OneHotGroup group : oneHotGroups) {
      int best = -1;
      float bestValue = 0f;
      for (int c : group.columns()) {
        if (x[c] > bestValue) {
          bestValue = x[c];
          best = c;
        }
      }
      for (int c : group.columns()) x[c] = c == best ? 1f : 0f;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureSchema s
        && columns.equals(s.columns)
        && Arrays.equals(lower, s.lower)
        && Arrays.equals(upper, s.upper)
        && oneHotGroups.equals(s.oneHotGroups)
        && Objects.equals(image, s.image);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        columns, Arrays.hashCode(lower), Arrays.hashCode(upper), oneHotGroups, image);
  }

  @Override
  public String toString() {
    return "FeatureSchema("
        + width()
        + " columns, "
        + oneHotGroups.size()
        + " one-hot groups"
        + (image != null ? ", image " + image : "")
        + ")";
  }

  /**
   * The encoded columns of one nominal feature; exactly one is 1 for a known value, none for a
   * missing one.
   */
  public record OneHotGroup(String feature, List<String> categories, int[] columns) {
    public OneHotGroup {
      categories = List.copyOf(categories);
      columns = columns.clone();
      if (categories.size() != columns.length) {
        throw new IllegalArgumentException(
            feature + ": " + categories.size() + " categories but " + columns.length + " columns");
      }
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof OneHotGroup g
          && feature.equals(g.feature)
          && categories.equals(g.categories)
          && Arrays.equals(columns, g.columns);
    }

    @Override
    public int hashCode() {
      return Objects.hash(feature, categories, Arrays.hashCode(columns));
    }
  }

  /** Channels x height x width of an image input. */
  public record ImageShape(int channels, int height, int width) {
    public ImageShape {
      if (channels < 1 || height < 1 || width < 1)
        throw new IllegalArgumentException(
            "bad image shape " + channels + "x" + height + "x" + width);
    }

    public int size() {
      return channels * height * width;
    }
  }
}
