package io.coopdistill.learners.data;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an encoded row (e.g. a virtual instance a site sends) back to the data's own columns and
 * units, so that what left a site can be read with any tool: a scaled number unscaled, a one-hot
 * group as the value of its largest entry (an all-zero group, a missing value, as an empty field).
 *
 * <p>Numbers are written with 6 significant digits of their feature's range, the precision a float
 * encoding holds, so that a row encoded and decoded reads as it was written (63, not 63.000004).
 * The paper's encoding has no missing-value indicator for numbers: a missing number was encoded as
 * 0 and decodes as its feature's minimum.
 */
public final class FeatureDecoder {
  private static final int SIGNIFICANT_DIGITS = 6;

  /** One column of the data: where it lies in the encoded row and how to read it from there. */
  private sealed interface Column permits Scaled, Categorical {
    String name();

    String decode(float[] x);
  }

  /** A number encoded as {@code (value - offset) / scale}. */
  private record Scaled(String name, int column, double offset, double scale) implements Column {
    @Override
    public String decode(float[] x) {
      double value = offset + scale * x[column];
      int decimals =
          Math.max(0, SIGNIFICANT_DIGITS - (scale > 0 ? (int) Math.ceil(Math.log10(scale)) : 0));
      return BigDecimal.valueOf(value)
          .setScale(decimals, RoundingMode.HALF_EVEN)
          .stripTrailingZeros()
          .toPlainString();
    }
  }

  /** A nominal feature one-hot over {@code columns}: the category of the largest positive entry. */
  private record Categorical(String name, List<String> categories, int[] columns)
      implements Column {
    @Override
    public String decode(float[] x) {
      int best = -1;
      float bestValue = 0f;
      for (int k = 0; k < columns.length; k++) {
        if (x[columns[k]] > bestValue) {
          bestValue = x[columns[k]];
          best = k;
        }
      }
      return best < 0 ? "" : categories.get(best);
    }
  }

  private final int width;
  private final List<Column> columns;

  private FeatureDecoder(int width, List<Column> columns) {
    this.width = width;
    this.columns = List.copyOf(columns);
  }

  /**
   * A schema's columns as they are, each numeric one multiplied by {@code scale} (e.g. 255 for
   * pixels scaled to [0, 1] from grey levels), each one-hot group as its category.
   */
  public static FeatureDecoder of(FeatureSchema schema, double scale) {
    if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive, got " + scale);
    List<Column> columns = new ArrayList<>();
    boolean[] grouped = new boolean[schema.width()];
    List<FeatureSchema.OneHotGroup> groups = schema.oneHotGroups();
    for (FeatureSchema.OneHotGroup group : groups) for (int c : group.columns()) grouped[c] = true;
    for (int c = 0; c < schema.width(); c++) {
      if (!grouped[c]) {
        columns.add(new Scaled(schema.columns().get(c), c, 0, scale));
        continue;
      }
      for (FeatureSchema.OneHotGroup group : groups) {
        if (group.columns()[0] == c)
          columns.add(new Categorical(group.feature(), group.categories(), group.columns()));
      }
    }
    return new FeatureDecoder(schema.width(), columns);
  }

  /**
   * A schema's columns in its own units: numbers as they are, one-hot groups as their categories.
   */
  public static FeatureDecoder of(FeatureSchema schema) {
    return of(schema, 1);
  }

  /**
   * The decoder of a {@link TabularEncoding}: its features in its order, numbers unscaled to their
   * fitted range.
   */
  static FeatureDecoder of(TabularEncoding encoding) {
    List<Column> columns = new ArrayList<>();
    for (TabularEncoding.Feature feature : encoding.features()) {
      int[] at = encoding.columnsOf(feature.name());
      if (feature instanceof TabularEncoding.Numeric numeric) {
        columns.add(
            new Scaled(numeric.name(), at[0], numeric.min(), numeric.max() - numeric.min()));
      } else if (feature instanceof TabularEncoding.Nominal nominal) {
        columns.add(new Categorical(nominal.name(), nominal.categories(), at));
      }
    }
    return new FeatureDecoder(encoding.schema().width(), columns);
  }

  /** The data's column names, in the order {@link #decode} gives their values. */
  public List<String> columns() {
    return columns.stream().map(Column::name).toList();
  }

  /**
   * One encoded row in the data's own units, one text per {@link #columns()} entry.
   *
   * @throws IllegalArgumentException if the row is not of the encoded width
   */
  public String[] decode(float[] x) {
    if (x.length != width)
      throw new IllegalArgumentException(
          "a row of width " + x.length + "; the encoded feature space has " + width);
    String[] values = new String[columns.size()];
    for (int c = 0; c < values.length; c++) values[c] = columns.get(c).decode(x);
    return values;
  }

  @Override
  public String toString() {
    return "FeatureDecoder(" + width + " encoded columns to " + columns.size() + ")";
  }
}
