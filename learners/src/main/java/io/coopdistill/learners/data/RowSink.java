package io.coopdistill.learners.data;

import java.util.List;
import java.util.Map;

/**
 * What a table reader (CSV or ARFF) hands a file's content to, once tokenised: the header, then
 * each row of text fields, with its line number for error messages. {@link TableBuilder} turns them
 * into a {@link Table}; {@link ColumnSurvey} only looks at them, to infer column types.
 *
 * @param <T> what the sink makes of the file
 */
interface RowSink<T> {
  /**
   * A column as the file's header declares it: ARFF declares a type (and categories), CSV only a
   * name.
   */
  record HeaderColumn(String name, Type declared, List<String> categories) {
    enum Type {
      UNDECLARED,
      NUMERIC,
      NOMINAL
    }

    static HeaderColumn named(String name) {
      return new HeaderColumn(name, Type.UNDECLARED, List.of());
    }

    /** This column under the name {@code rename} maps its name to, if any. */
    HeaderColumn renamed(Map<String, String> rename) {
      return new HeaderColumn(rename.getOrDefault(name, name), declared, categories);
    }
  }

  /** {@code sink}, handed the header's columns under the names {@code rename} maps them to. */
  static <T> RowSink<T> renaming(Map<String, String> rename, RowSink<T> sink) {
    return new RowSink<>() {
      @Override
      public void header(List<HeaderColumn> columns, long line) {
        sink.header(columns.stream().map(c -> c.renamed(rename)).toList(), line);
      }

      @Override
      public void row(List<String> values, long line) {
        sink.row(values, line);
      }

      @Override
      public T finish(String name) {
        return sink.finish(name);
      }
    };
  }

  void header(List<HeaderColumn> columns, long line);

  void row(List<String> values, long line);

  /** After the last row; {@code name} is the file's name without its extension. */
  T finish(String name);
}
