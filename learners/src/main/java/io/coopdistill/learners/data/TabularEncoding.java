package io.coopdistill.learners.data;

import io.coopdistill.learners.data.FeatureSchema.OneHotGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The paper's encoding for mismatched feature sets, fitted on a table: each numeric feature is
 * scaled to [0, 1] by the minimum and maximum of the data it was fitted on, each nominal feature is
 * one-hot encoded, and a missing value is 0 (an all-zero group for a nominal feature).
 *
 * <p>{@link #union} merges several sites' encodings into one shared feature space (the union of
 * their features; for a numeric feature the union of their ranges, for a nominal feature the union
 * of their categories), so that every site's rows can be encoded, and every site's model can score
 * every other site's rows: a feature a site lacks encodes as 0, like a missing value.
 *
 * <p>Encoding never fails on values the fit did not see: a number outside the fitted range is
 * clamped to [0, 1] (so a test site's extremes land on the bounds), and an unseen category is
 * encoded like a missing one (an all-zero group). Table columns the encoding does not know are
 * ignored, which is how a site's rows are mapped into a space fitted on other sites.
 */
public final class TabularEncoding {
  /** One feature of the encoding and the columns it occupies. */
  public sealed interface Feature permits Numeric, Nominal {
    String name();

    int width();
  }

  /** A numeric feature encoded as {@code (x - min) / (max - min)}, clamped to [0, 1]. */
  public record Numeric(String name, double min, double max) implements Feature {
    public Numeric {
      if (!(min <= max))
        throw new IllegalArgumentException(name + ": min " + min + " above max " + max);
    }

    @Override
    public int width() {
      return 1;
    }

    float encode(double value) {
      if (Double.isNaN(value) || max == min) return 0f; // missing, or no spread to scale by
      return (float) Math.min(1.0, Math.max(0.0, (value - min) / (max - min)));
    }
  }

  /** A nominal feature encoded one-hot over {@code categories}. */
  public record Nominal(String name, List<String> categories) implements Feature {
    public Nominal {
      categories = List.copyOf(categories);
      if (categories.isEmpty())
        throw new IllegalArgumentException(
            name + ": a nominal feature needs at least one category");
    }

    @Override
    public int width() {
      return categories.size();
    }
  }

  private final List<Feature> features;
  private final List<String> classNames;
  private final FeatureSchema schema;
  private final int[] offsets;

  public TabularEncoding(List<Feature> features, List<String> classNames) {
    this.features = List.copyOf(features);
    this.classNames = List.copyOf(classNames);
    this.offsets = new int[this.features.size()];
    List<String> columns = new ArrayList<>();
    List<OneHotGroup> groups = new ArrayList<>();
    for (int f = 0; f < this.features.size(); f++) {
      Feature feature = this.features.get(f);
      if (this.features.stream().filter(g -> g.name().equals(feature.name())).count() > 1) {
        throw new IllegalArgumentException("feature " + feature.name() + " appears twice");
      }
      offsets[f] = columns.size();
      if (feature instanceof Nominal nominal) {
        int[] groupColumns = new int[nominal.width()];
        for (int k = 0; k < groupColumns.length; k++) {
          groupColumns[k] = columns.size();
          columns.add(nominal.name() + "=" + nominal.categories().get(k));
        }
        groups.add(new OneHotGroup(nominal.name(), nominal.categories(), groupColumns));
      } else {
        columns.add(feature.name());
      }
    }
    float[] lower = new float[columns.size()];
    float[] upper = new float[columns.size()];
    Arrays.fill(upper, 1f);
    this.schema = new FeatureSchema(columns, lower, upper, groups, null);
  }

  /**
   * Fits on {@code table}: its numeric columns' observed min and max, its nominal columns'
   * categories.
   *
   * @throws IllegalArgumentException if a numeric column has no values at all (drop it first)
   */
  public static TabularEncoding fit(Table table) {
    List<Feature> features = new ArrayList<>();
    for (Table.Column column : table.columns()) {
      if (column instanceof Table.NumericColumn numeric) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : numeric.values()) {
          if (!Double.isNaN(v)) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
        }
        if (min > max) {
          throw new IllegalArgumentException(
              table.name() + ": numeric column " + column.name() + " has no values; drop it");
        }
        features.add(new Numeric(column.name(), min, max));
      } else if (column instanceof Table.NominalColumn nominal) {
        features.add(new Nominal(column.name(), nominal.categories()));
      }
    }
    return new TabularEncoding(features, table.classNames());
  }

  /**
   * One feature space for several sites: every feature any of them has, in an order consistent with
   * each site's own (a feature new to the union follows its predecessor in its site).
   *
   * @throws IllegalArgumentException if the sites disagree on the classes or on a feature's type
   */
  public static TabularEncoding union(List<TabularEncoding> encodings) {
    if (encodings.isEmpty()) throw new IllegalArgumentException("union of no encodings");
    List<String> classNames = encodings.get(0).classNames;
    List<String> order = new ArrayList<>();
    Map<String, Feature> merged = new HashMap<>();
    for (TabularEncoding encoding : encodings) {
      if (!encoding.classNames.equals(classNames)) {
        throw new IllegalArgumentException(
            "cannot unite encodings with classes " + classNames + " and " + encoding.classNames);
      }
      mergeOrder(order, encoding.features.stream().map(Feature::name).toList());
      for (Feature feature : encoding.features)
        merged.merge(feature.name(), feature, TabularEncoding::unite);
    }
    return new TabularEncoding(order.stream().map(merged::get).toList(), classNames);
  }

  private static Feature unite(Feature a, Feature b) {
    if (a instanceof Numeric x && b instanceof Numeric y) {
      return new Numeric(x.name(), Math.min(x.min(), y.min()), Math.max(x.max(), y.max()));
    }
    if (a instanceof Nominal x && b instanceof Nominal y) {
      List<String> categories = new ArrayList<>(x.categories());
      mergeOrder(categories, y.categories());
      return new Nominal(x.name(), categories);
    }
    throw new IllegalArgumentException(
        "feature " + a.name() + " is numeric at one site and nominal at another");
  }

  /**
   * Adds the items of {@code next} that {@code into} lacks, each right after its predecessor in
   * {@code next}: the order of a union of feature lists that keeps each list's own order.
   */
  public static void mergeOrder(List<String> into, List<String> next) {
    int position = 0;
    for (String item : next) {
      int at = into.indexOf(item);
      if (at >= 0) {
        position = at + 1;
      } else {
        into.add(position, item);
        position++;
      }
    }
  }

  public List<Feature> features() {
    return features;
  }

  public List<String> classNames() {
    return classNames;
  }

  public FeatureSchema schema() {
    return schema;
  }

  /** Reads encoded rows back in the table's own columns and units ({@link FeatureDecoder}). */
  public FeatureDecoder decoder() {
    return FeatureDecoder.of(this);
  }

  public Optional<Feature> feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** The schema columns {@code feature} occupies: one for numeric, one per category for nominal. */
  public int[] columnsOf(String featureName) {
    for (int f = 0; f < features.size(); f++) {
      if (features.get(f).name().equals(featureName)) {
        int[] columns = new int[features.get(f).width()];
        for (int k = 0; k < columns.length; k++) columns[k] = offsets[f] + k;
        return columns;
      }
    }
    throw new IllegalArgumentException("no feature " + featureName + " in this encoding");
  }

  /**
   * {@code table}'s rows in this encoding's feature space, as described in the class comment.
   *
   * @throws IllegalArgumentException if the table's classes differ, or a column's type differs from
   *     its feature's
   */
  public Dataset encode(Table table, String name) {
    if (!table.classNames().equals(classNames)) {
      throw new IllegalArgumentException(
          table.name() + " has classes " + table.classNames() + ", the encoding " + classNames);
    }
    float[][] x = new float[table.rows()][schema.width()];
    for (int f = 0; f < features.size(); f++) {
      Feature feature = features.get(f);
      Optional<Table.Column> column = table.column(feature.name());
      if (column.isEmpty()) continue; // a feature this site lacks stays 0
      int offset = offsets[f];
      if (feature instanceof Numeric numeric
          && column.get() instanceof Table.NumericColumn values) {
        for (int r = 0; r < x.length; r++) x[r][offset] = numeric.encode(values.values()[r]);
      } else if (feature instanceof Nominal nominal
          && column.get() instanceof Table.NominalColumn values) {
        int[] position = new int[values.categories().size()];
        for (int c = 0; c < position.length; c++)
          position[c] = nominal.categories().indexOf(values.categories().get(c));
        for (int r = 0; r < x.length; r++) {
          int code = values.codes()[r];
          if (code >= 0 && position[code] >= 0) x[r][offset + position[code]] = 1f;
        }
      } else {
        throw new IllegalArgumentException(
            table.name()
                + ": column "
                + feature.name()
                + " is "
                + (column.get() instanceof Table.NumericColumn ? "numeric" : "nominal")
                + ", the encoding's feature is not");
      }
    }
    return new Dataset(name, schema, classNames, x, table.labels());
  }

  @Override
  public String toString() {
    return "TabularEncoding(" + features.size() + " features, " + schema.width() + " columns)";
  }
}
