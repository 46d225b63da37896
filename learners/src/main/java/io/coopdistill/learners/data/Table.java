package io.coopdistill.learners.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A labelled table as read from a file, before encoding: typed feature columns (numeric values with
 * NaN for missing, nominal category codes with -1 for missing) and a class per row. What {@link
 * TabularEncoding} fits on and encodes. Arrays are shared, not copied: treat them as read-only.
 */
public final class Table {
  private final String name;
  private final List<Column> columns;
  private final List<String> classNames;
  private final int[] labels;

  public Table(String name, List<Column> columns, List<String> classNames, int[] labels) {
    this.name = Objects.requireNonNull(name, "name");
    this.columns = List.copyOf(columns);
    this.classNames = List.copyOf(classNames);
    this.labels = Objects.requireNonNull(labels, "labels");
    List<String> names = new ArrayList<>();
    for (Column column : this.columns) {
      if (column.rows() != labels.length) {
        throw new IllegalArgumentException(
            name
                + ": column "
                + column.name()
                + " has "
                + column.rows()
                + " rows, the labels "
                + labels.length);
      }
      if (names.contains(column.name()))
        throw new IllegalArgumentException(name + ": two columns named " + column.name());
      names.add(column.name());
    }
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  public List<String> classNames() {
    return classNames;
  }

  public int[] labels() {
    return labels;
  }

  public int rows() {
    return labels.length;
  }

  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
  }

  /** Fraction of rows where {@code column} is not reported. */
  public double missingFraction(Column column) {
    if (rows() == 0) return 0;
    int missing = 0;
    for (int r = 0; r < rows(); r++) if (column.isMissing(r)) missing++;
    return (double) missing / rows();
  }

  /** The columns that at least {@code fraction} of rows do not report, in table order. */
  public List<String> columnsMissingAtLeast(double fraction) {
    return columns.stream().filter(c -> missingFraction(c) >= fraction).map(Column::name).toList();
  }

  /** This table without the named columns (names it lacks are ignored). */
  public Table without(Collection<String> columnNames) {
    return new Table(
        name,
        columns.stream().filter(c -> !columnNames.contains(c.name())).toList(),
        classNames,
        labels);
  }

  /** This table with only the named columns, in table order. */
  public Table keeping(Collection<String> columnNames) {
    return new Table(
        name,
        columns.stream().filter(c -> columnNames.contains(c.name())).toList(),
        classNames,
        labels);
  }

  /** The rows at {@code indices}, in that order. */
  public Table subset(String newName, int[] indices) {
    List<Column> selected = new ArrayList<>();
    for (Column column : columns) selected.add(column.subset(indices));
    int[] y = new int[indices.length];
    for (int k = 0; k < indices.length; k++) y[k] = labels[indices[k]];
    return new Table(newName, selected, classNames, y);
  }

  /**
   * A seeded, stratified split of the rows, as {@link Dataset#stratifiedIndices}: {@code fraction}
   * of each class in the second part.
   */
  public Dataset.IndexSplit stratifiedIndices(double fraction, long seed) {
    return Dataset.stratifiedIndices(labels, classNames.size(), fraction, seed);
  }

  @Override
  public String toString() {
    return name + " (" + rows() + " rows, columns " + columnNames() + ")";
  }

  /** One feature column. */
  public sealed interface Column permits NumericColumn, NominalColumn {
    String name();

    int rows();

    boolean isMissing(int row);

    Column subset(int[] indices);
  }

  /** Numbers, NaN where not reported. */
  public record NumericColumn(String name, double[] values) implements Column {
    @Override
    public int rows() {
      return values.length;
    }

    @Override
    public boolean isMissing(int row) {
      return Double.isNaN(values[row]);
    }

    @Override
    public NumericColumn subset(int[] indices) {
      double[] v = new double[indices.length];
      for (int k = 0; k < indices.length; k++) v[k] = values[indices[k]];
      return new NumericColumn(name, v);
    }
  }

  /** Category codes indexing {@code categories}, -1 where not reported. */
  public record NominalColumn(String name, List<String> categories, int[] codes) implements Column {
    public NominalColumn {
      categories = List.copyOf(categories);
      for (int code : codes) {
        if (code < -1 || code >= categories.size())
          throw new IllegalArgumentException(name + ": category code " + code + " out of range");
      }
    }

    @Override
    public int rows() {
      return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
      return codes[row] < 0;
    }

    @Override
    public NominalColumn subset(int[] indices) {
      int[] c = new int[indices.length];
      for (int k = 0; k < indices.length; k++) c[k] = codes[indices[k]];
      return new NominalColumn(name, categories, c);
    }
  }
}
