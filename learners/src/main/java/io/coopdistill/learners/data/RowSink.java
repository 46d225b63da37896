package io.coopdistill.learners.data;

import java.util.List;

/**
 * What a table reader (CSV or ARFF) hands a file's content to, once tokenised: the header, then
 * each row of text fields, with its line number for error messages. {@link TableBuilder} turns
 * them into a {@link Table}; {@link ColumnSurvey} only looks at them, to infer column types.
 *
 * @param <T> what the sink makes of the file
 */
interface RowSink<T> {
  /** A column as the file's header declares it: ARFF declares a type (and categories), CSV only a name. */
  record HeaderColumn(String name, Type declared, List<String> categories) {
    enum Type { UNDECLARED, NUMERIC, NOMINAL }

    static HeaderColumn named(String name) { return new HeaderColumn(name, Type.UNDECLARED, List.of()); }
  }

  void header(List<HeaderColumn> columns, long line);

  void row(List<String> values, long line);

  /** After the last row; {@code name} is the file's name without its extension. */
  T finish(String name);
}
