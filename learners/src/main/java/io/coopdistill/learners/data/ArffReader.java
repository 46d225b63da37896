package io.coopdistill.learners.data;

import io.coopdistill.learners.data.RowSink.HeaderColumn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a Weka ARFF file into a {@link Table}: {@code @attribute} lines declare each column as
 * numeric ({@code numeric}, {@code real}, {@code integer}) or nominal ({@code {a, 'b c'}}), the
 * rows after {@code @data} are comma-separated with single-quoted values, {@code ?} is missing and
 * {@code %} starts a comment. A UTF-8 byte-order mark at the start is skipped. A value outside a
 * nominal column's declared categories is an error. Sparse rows and string, date and relational
 * attributes are not supported.
 */
public final class ArffReader {
  private static final CSVFormat VALUES =
      CSVFormat.DEFAULT
          .builder()
          .setQuote('\'')
          .setEscape('\\')
          .setIgnoreSurroundingSpaces(true)
          .build();

  private ArffReader() {}

  /**
   * @throws DataFormatException naming the file and line of a bad header line, an unknown nominal
   *     value, a non-numeric value in a numeric column, a ragged row or a missing label column
   */
  public static Table read(Path file, TableSpec spec) {
    return read(file, new TableBuilder(file, spec));
  }

  /** Hands the file's declared columns and its rows to {@code sink}. */
  static <T> T read(Path file, RowSink<T> sink) {
    try (BufferedReader reader = CsvReader.openText(file)) {
      List<HeaderColumn> header = new ArrayList<>();
      boolean data = false;
      long lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("%")) continue;
        if (data) {
          if (text.startsWith("{"))
            throw DataFormatException.atLine(
                file, lineNumber, "sparse ARFF rows are not supported");
          sink.row(values(file, lineNumber, text), lineNumber);
          continue;
        }
        String keyword = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        switch (keyword) {
          case "@relation" -> {}
          case "@attribute" ->
              header.add(attribute(file, lineNumber, text.substring(keyword.length()).strip()));
          case "@data" -> {
            if (header.isEmpty())
              throw DataFormatException.atLine(file, lineNumber, "@data before any @attribute");
            sink.header(header, lineNumber);
            data = true;
          }
          default ->
              throw DataFormatException.atLine(
                  file,
                  lineNumber,
                  "expected @relation, @attribute or @data, found '" + text + "'");
        }
      }
      if (!data) {
        throw DataFormatException.atLine(
            file, Math.max(1, lineNumber), lineNumber == 0 ? "empty file" : "no @data section");
      }
      return sink.finish(CsvReader.baseName(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@code name type}, where the name may be quoted and the type is a keyword or a {...} list. */
  private static HeaderColumn attribute(Path file, long line, String declaration) {
    String name;
    String type;
    if (declaration.startsWith("'") || declaration.startsWith("\"")) {
      int end = declaration.indexOf(declaration.charAt(0), 1);
      if (end < 0)
        throw DataFormatException.atLine(file, line, "unterminated quoted attribute name");
      name = CsvReader.columnName(declaration.substring(1, end));
      type = declaration.substring(end + 1).strip();
    } else {
      String[] parts = declaration.split("\\s+", 2);
      name = parts[0];
      type = parts.length > 1 ? parts[1].strip() : "";
    }
    if (name.isEmpty() || type.isEmpty())
      throw DataFormatException.atLine(file, line, "@attribute needs a name and a type");
    if (type.startsWith("{")) {
      if (!type.endsWith("}"))
        throw DataFormatException.atLine(
            file, line, "nominal attribute " + name + ": missing closing }");
      List<String> categories = new ArrayList<>();
      for (String value : values(file, line, type.substring(1, type.length() - 1)))
        categories.add(TableSpec.canonical(value));
      return new HeaderColumn(name, HeaderColumn.Type.NOMINAL, categories);
    }
    return switch (type.toLowerCase(Locale.ROOT)) {
      case "numeric", "real", "integer" ->
          new HeaderColumn(name, HeaderColumn.Type.NUMERIC, List.of());
      default ->
          throw DataFormatException.atLine(
              file,
              line,
              "attribute "
                  + name
                  + ": type '"
                  + type
                  + "' is not supported (numeric, real, integer or a {nominal, list})");
    };
  }

  private static List<String> values(Path file, long line, String text) {
    try (CSVParser parser = CSVParser.parse(text, VALUES)) {
      List<CSVRecord> records = parser.getRecords();
      if (records.size() != 1)
        throw DataFormatException.atLine(file, line, "expected one comma-separated list of values");
      return records.get(0).toList();
    } catch (IOException | UncheckedIOException e) {
      throw DataFormatException.atLine(file, line, "malformed values: " + e.getMessage());
    }
  }
}
