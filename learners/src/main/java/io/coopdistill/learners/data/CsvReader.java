package io.coopdistill.learners.data;

import io.coopdistill.learners.FileErrors;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a comma-separated file with a header line into a {@link Table} (RFC 4180 quoting, via
 * Apache Commons CSV). Missing values are the spec's tokens, by default an empty field or {@code ?}.
 */
public final class CsvReader {
  // Empty lines are kept as records so that the parser's line count stays the record's first line.
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(false).build();

  private static final Pattern LINE_IN_MESSAGE = Pattern.compile("line (\\d+)");

  private CsvReader() {}

  /**
   * @throws DataFormatException naming the file and line of a ragged row, a value that does not fit
   *     its column, a missing label column or an empty file
   */
  public static Table read(Path file, TableSpec spec) {
    return read(file, new TableBuilder(file, spec));
  }

  /** Hands the file's header and rows to {@code sink}. */
  static <T> T read(Path file, RowSink<T> sink) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser parser = CSVParser.parse(reader, FORMAT)) {
      Iterator<CSVRecord> records = parser.iterator();
      boolean header = false;
      while (true) {
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
          if (!records.hasNext()) break;
          record = records.next();
        } catch (UncheckedIOException e) { // how Commons CSV reports a malformed quoted field, with "(line N)"
          throw DataFormatException.atLine(file, lineOf(e, line), "malformed CSV: " + e.getCause().getMessage());
        }
        if (record.size() == 1 && record.get(0).isEmpty()) continue; // a blank line
        List<String> values = record.toList();
        if (!header) {
          sink.header(values.stream().map(RowSink.HeaderColumn::named).toList(), line);
          header = true;
        } else {
          sink.row(values, line);
        }
      }
      if (!header) throw DataFormatException.atLine(file, 1, "empty file: expected a header line naming the columns");
      return sink.finish(baseName(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  private static long lineOf(UncheckedIOException e, long recordStart) {
    Matcher m = LINE_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
    return m.find() ? Long.parseLong(m.group(1)) : recordStart;
  }

  /** The file's name without its extension, as the table's name. */
  static String baseName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
