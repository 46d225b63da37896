package io.coopdistill.learners.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A first look at a table file before it is read for real: its columns as declared, whether each
 * column's values are numbers, text or both (with where the first text is), and how many rows
 * each value of the label column has. What {@link SiteTables} infers column types and classes from.
 */
final class ColumnSurvey implements RowSink<ColumnSurvey> {
  private final Path file;
  private final String labelColumn;
  private final Set<String> missingValues;
  private List<HeaderColumn> header = List.of();
  private int labelField;
  private int[] numbers;
  private String[] firstText;
  private long[] firstTextLine;
  private final Map<String, Integer> labelCounts = new LinkedHashMap<>();

  /** @param missingValues the tokens that mean "not reported", in canonical form */
  ColumnSurvey(Path file, String labelColumn, Set<String> missingValues) {
    this.file = file;
    this.labelColumn = labelColumn;
    this.missingValues = missingValues;
  }

  @Override
  public void header(List<HeaderColumn> columns, long line) {
    header = List.copyOf(columns);
    List<String> names = names();
    labelField = names.indexOf(labelColumn);
    if (labelField < 0) throw DataFormatException.atLine(file, line, "label column '" + labelColumn + "' not found; the columns are " + names);
    numbers = new int[columns.size()];
    firstText = new String[columns.size()];
    firstTextLine = new long[columns.size()];
  }

  @Override
  public void row(List<String> values, long line) {
    if (values.size() != header.size()) {
      throw DataFormatException.atLine(file, line, "row has " + values.size() + " fields, the header has " + header.size());
    }
    for (int f = 0; f < values.size(); f++) {
      String value = TableSpec.canonical(values.get(f));
      if (missingValues.contains(value)) continue;
      if (f == labelField) labelCounts.merge(value, 1, Integer::sum);
      if (TableSpec.parseNumber(value) != null) {
        numbers[f]++;
      } else if (firstText[f] == null) {
        firstText[f] = value;
        firstTextLine[f] = line;
      }
    }
  }

  @Override
  public ColumnSurvey finish(String name) { return this; }

  Path file() { return file; }

  List<String> names() { return header.stream().map(HeaderColumn::name).toList(); }

  /** The file's columns other than the label. */
  List<HeaderColumn> features() {
    List<HeaderColumn> features = new ArrayList<>(header);
    features.remove(labelField);
    return features;
  }

  boolean hasNumbers(String column) { return numbers[names().indexOf(column)] > 0; }

  /** The first value of {@code column} that is not a number, or null. */
  String firstText(String column) { return firstText[names().indexOf(column)]; }

  long firstTextLine(String column) { return firstTextLine[names().indexOf(column)]; }

  /** Rows per label value (canonical), missing labels not counted. */
  Map<String, Integer> labelCounts() { return labelCounts; }
}
