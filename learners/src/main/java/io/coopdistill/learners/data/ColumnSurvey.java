package io.coopdistill.learners.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A first look at a table file before it is read for real: its columns as declared (and renamed by
 * {@code table.rename}), whether each column's values are numbers, text or both (with where the
 * first text is), and how many rows each value of the label column has. What {@link SiteTables}
 * infers column types and classes from.
 */
final class ColumnSurvey implements RowSink<ColumnSurvey> {
  /** What a header line read as one column may be delimited by, for the error that says so. */
  private static final String APPARENT_DELIMITERS = ",;\t|:";

  private final Path file;
  private final String labelColumn;
  private final Set<String> missingValues;
  private final Map<String, String> rename;
  private List<String> spelled = List.of();
  private List<HeaderColumn> header = List.of();
  private int labelField;
  private int[] numbers;
  private String[] firstText;
  private long[] firstTextLine;
  private final Map<String, Integer> labelCounts = new LinkedHashMap<>();

  /**
   * @param missingValues the tokens that mean "not reported", in canonical form
   * @param rename columns to read under another name, by the name the file gives them
   */
  ColumnSurvey(
      Path file, String labelColumn, Set<String> missingValues, Map<String, String> rename) {
    this.file = file;
    this.labelColumn = labelColumn;
    this.missingValues = missingValues;
    this.rename = rename;
  }

  @Override
  public void header(List<HeaderColumn> columns, long line) {
    spelled = columns.stream().map(HeaderColumn::name).toList();
    header = columns.stream().map(c -> c.renamed(rename)).toList();
    List<String> names = names();
    for (int f = 0; f < names.size(); f++) {
      int other = names.lastIndexOf(names.get(f));
      if (other != f
          && (rename.containsKey(spelled.get(f)) || rename.containsKey(spelled.get(other)))) {
        throw DataFormatException.atLine(
            file,
            line,
            "columns '"
                + spelled.get(f)
                + "' and '"
                + spelled.get(other)
                + "' are both read as '"
                + names.get(f)
                + "' (table.rename); a file's columns need different names");
      }
    }
    labelField = names.indexOf(labelColumn);
    if (labelField < 0) {
      throw DataFormatException.atLine(
          file,
          line,
          "label column '" + labelColumn + "' not found; the columns are " + names + labelHint());
    }
    numbers = new int[columns.size()];
    firstText = new String[columns.size()];
    firstTextLine = new long[columns.size()];
  }

  @Override
  public void row(List<String> values, long line) {
    if (values.size() != header.size()) {
      throw DataFormatException.atLine(
          file, line, "row has " + values.size() + " fields, the header has " + header.size());
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

  /**
   * Why the label column may not have been found: a spelling that differs in case, or a delimiter
   * that is not the file's.
   */
  private String labelHint() {
    for (String name : names()) {
      if (name.equalsIgnoreCase(labelColumn)) {
        return "; '"
            + name
            + "' differs from it only in case: spell it the same in every file, or set table.rename { \""
            + name
            + "\" = \""
            + labelColumn
            + "\" }";
      }
    }
    if (header.size() != 1 || header.get(0).declared() != HeaderColumn.Type.UNDECLARED) return "";
    return CsvReader.mostFrequent(header.get(0).name(), APPARENT_DELIMITERS)
        .map(
            d ->
                "; the header line reads as one column, but appears to separate its columns by "
                    + (d == '\t'
                        ? "tabs: set table.delimiter = tab"
                        : "'" + d + "': set table.delimiter = \"" + d + "\""))
        .orElse("");
  }

  @Override
  public ColumnSurvey finish(String name) {
    return this;
  }

  Path file() {
    return file;
  }

  /**
   * The file's column names as it spells them (without surrounding white space), before
   * table.rename.
   */
  List<String> spelled() {
    return spelled;
  }

  List<String> names() {
    return header.stream().map(HeaderColumn::name).toList();
  }

  /** The file's columns other than the label. */
  List<HeaderColumn> features() {
    List<HeaderColumn> features = new ArrayList<>(header);
    features.remove(labelField);
    return features;
  }

  boolean hasNumbers(String column) {
    return numbers[names().indexOf(column)] > 0;
  }

  /** The first value of {@code column} that is not a number, or null. */
  String firstText(String column) {
    return firstText[names().indexOf(column)];
  }

  long firstTextLine(String column) {
    return firstTextLine[names().indexOf(column)];
  }

  /** Rows per label value (canonical), missing labels not counted. */
  Map<String, Integer> labelCounts() {
    return labelCounts;
  }
}
