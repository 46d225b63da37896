package io.coopdistill.learners.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a file's header and rows of text fields into a {@link Table} as a {@link TableSpec} says,
 * checking every value and naming the file and line of the first bad one. Shared by the CSV and
 * ARFF readers, which only tokenise.
 */
final class TableBuilder implements RowSink<Table> {

  /** Numbers before text, numbers by value: so observed categories 1, 2, 10 sort naturally. */
  static final Comparator<String> CATEGORY_ORDER =
      (a, b) -> {
        var x = TableSpec.parseNumber(a);
        var y = TableSpec.parseNumber(b);
        if (x != null && y != null) return x.compareTo(y);
        if (x != null) return -1;
        if (y != null) return 1;
        return a.compareTo(b);
      };

  private final Path file;
  private final TableSpec spec;
  private int fields;
  private int labelField;
  private final List<ColumnBuilder> columns = new ArrayList<>();
  private Set<String> labelMissing;
  private int[] labels = new int[64];
  private int rows;
  private long headerLine;

  TableBuilder(Path file, TableSpec spec) {
    this.file = file;
    this.spec = spec;
  }

  @Override
  public void header(List<HeaderColumn> header, long headerLine) {
    this.headerLine = headerLine;
    this.fields = header.size();
    List<String> names = header.stream().map(HeaderColumn::name).toList();
    for (int f = 0; f < fields; f++) {
      if (names.indexOf(names.get(f)) != f)
        throw DataFormatException.atField(
            file, headerLine, f + 1, "column '" + names.get(f) + "' appears twice");
    }
    labelField = names.indexOf(spec.labelColumn());
    if (labelField < 0) {
      throw DataFormatException.atLine(
          file,
          headerLine,
          "label column '" + spec.labelColumn() + "' not found; the columns are " + names);
    }
    List<String> declared = new ArrayList<>(spec.numericColumns());
    declared.addAll(spec.nominalColumns().keySet());
    declared.addAll(spec.dropColumns());
    for (String column : declared) {
      if (!names.contains(column)) {
        throw DataFormatException.atLine(
            file,
            headerLine,
            "the table spec names column '"
                + column
                + "', which the file lacks; its columns are "
                + names);
      }
    }
    labelMissing = spec.missingValuesOf(spec.labelColumn());
    for (int f = 0; f < fields; f++) {
      HeaderColumn column = header.get(f);
      if (f == labelField || spec.dropColumns().contains(column.name())) {
        columns.add(null);
      } else if (spec.numericColumns().contains(column.name())) {
        columns.add(new ColumnBuilder(column.name(), true, null));
      } else if (spec.nominalColumns().containsKey(column.name())) {
        List<String> categories = spec.nominalColumns().get(column.name());
        if (categories.isEmpty() && column.declared() == HeaderColumn.Type.NOMINAL)
          categories = column.categories();
        columns.add(
            new ColumnBuilder(column.name(), false, categories.isEmpty() ? null : categories));
      } else if (column.declared() != HeaderColumn.Type.UNDECLARED) {
        boolean numeric = column.declared() == HeaderColumn.Type.NUMERIC;
        columns.add(
            new ColumnBuilder(column.name(), numeric, numeric ? null : column.categories()));
      } else {
        throw DataFormatException.atField(
            file,
            headerLine,
            f + 1,
            "column '"
                + column.name()
                + "' is not declared: list it in numeric-columns, nominal-columns or drop-columns");
      }
    }
  }

  @Override
  public void row(List<String> values, long line) {
    if (values.size() != fields) {
      // The column of the first missing or extra field.
      throw DataFormatException.atField(
          file,
          line,
          Math.min(values.size(), fields) + 1,
          "row has " + values.size() + " fields, the header has " + fields);
    }
    if (rows == labels.length) labels = Arrays.copyOf(labels, rows * 2);
    String label = TableSpec.canonical(values.get(labelField));
    if (labelMissing.contains(label))
      throw DataFormatException.atField(
          file, line, labelField + 1, "label column '" + spec.labelColumn() + "' is missing");
    try {
      labels[rows] = spec.label().classOf(label);
    } catch (IllegalArgumentException e) {
      throw DataFormatException.atField(
          file, line, labelField + 1, "column '" + spec.labelColumn() + "': " + e.getMessage());
    }
    for (int f = 0; f < fields; f++) {
      if (columns.get(f) != null)
        columns.get(f).add(TableSpec.canonical(values.get(f)), line, f + 1);
    }
    rows++;
  }

  @Override
  public Table finish(String name) {
    if (rows == 0)
      throw DataFormatException.atLine(file, headerLine, "no data rows after the header");
    List<Table.Column> built = new ArrayList<>();
    for (ColumnBuilder column : columns) if (column != null) built.add(column.build());
    return new Table(name, built, spec.label().classNames(), Arrays.copyOf(labels, rows));
  }

  private final class ColumnBuilder {
    private final String name;
    private final boolean numeric;
    private final List<String> declaredCategories; // null: take the categories the data shows
    private final Set<String> missing;
    private double[] numbers = new double[64];
    private final List<String> texts = new ArrayList<>();

    ColumnBuilder(String name, boolean numeric, List<String> declaredCategories) {
      this.name = name;
      this.numeric = numeric;
      this.declaredCategories = declaredCategories;
      this.missing = spec.missingValuesOf(name);
    }

    void add(String value, long line, int field) {
      boolean absent = missing.contains(value);
      if (numeric) {
        if (rows == numbers.length) numbers = Arrays.copyOf(numbers, rows * 2);
        if (absent) {
          numbers[rows] = Double.NaN;
        } else {
          var number = TableSpec.parseNumber(value);
          if (number == null)
            throw DataFormatException.atField(
                file, line, field, "column '" + name + "' is numeric but holds '" + value + "'");
          numbers[rows] = number.doubleValue();
        }
      } else {
        if (!absent && declaredCategories != null && !declaredCategories.contains(value)) {
          throw DataFormatException.atField(
              file,
              line,
              field,
              "column '"
                  + name
                  + "': value '"
                  + value
                  + "' is not among the declared categories "
                  + declaredCategories);
        }
        texts.add(absent ? null : value);
      }
    }

    Table.Column build() {
      if (numeric) return new Table.NumericColumn(name, Arrays.copyOf(numbers, rows));
      List<String> categories = declaredCategories;
      if (categories == null) {
        TreeSet<String> seen = new TreeSet<>(CATEGORY_ORDER);
        for (String t : texts) if (t != null) seen.add(t);
        categories = List.copyOf(seen);
      }
      int[] codes = new int[rows];
      for (int r = 0; r < rows; r++)
        codes[r] = texts.get(r) == null ? -1 : categories.indexOf(texts.get(r));
      return new Table.NominalColumn(name, categories, codes);
    }
  }
}
