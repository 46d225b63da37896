package io.coopdistill.learners.data;

import io.coopdistill.learners.FileErrors;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a delimited text file with a header line into a {@link Table} (RFC 4180 quoting, via Apache
 * Commons CSV), as spreadsheet programs export it: a UTF-8 byte-order mark is skipped, lines may
 * end in CRLF, the delimiter is a comma, semicolon or tab (detected, see {@link Dialect}) and
 * numbers may be written with a decimal comma. Missing values are the spec's tokens, by default an
 * empty field or {@code ?}.
 */
public final class CsvReader {
  // Empty lines are kept as records so that the parser's line count stays the record's first line.
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT
          .builder()
          .setIgnoreSurroundingSpaces(true)
          .setIgnoreEmptyLines(false)
          .build();

  private static final Pattern LINE_IN_MESSAGE = Pattern.compile("line (\\d+)");

  /**
   * A number with a decimal comma, as locales that write 1,5 export it (no thousands separators).
   */
  private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?\\d*,\\d+(?:[eE][+-]?\\d+)?");

  /** What {@link Dialect#DETECT} chooses among, in this order on a tie. */
  private static final String DETECTED_DELIMITERS = ",;\t";

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * How a file separates its fields and writes decimals ({@code '.'} or {@code ','}); either may be
   * left to detection: the delimiter is whichever of comma, semicolon and tab occurs most often
   * outside quotes in the header line (comma on a tie or when none does), and where it is a
   * semicolon a decimal comma is read too (the CSV of the locales that write 1,5). With a decimal
   * comma, a field that is a number once its one comma is read as a point is that number.
   */
  public record Dialect(Optional<Character> delimiter, Optional<Character> decimal) {
    public static final Dialect DETECT = new Dialect(Optional.empty(), Optional.empty());

    public Dialect {
      Objects.requireNonNull(delimiter, "delimiter");
      Objects.requireNonNull(decimal, "decimal");
    }
  }

  private CsvReader() {}

  /**
   * Reads {@code file} with its dialect detected.
   *
   * @throws DataFormatException naming the file and line of a ragged row, a value that does not fit
   *     its column, a missing label column or an empty file
   */
  public static Table read(Path file, TableSpec spec) {
    return read(file, Dialect.DETECT, new TableBuilder(file, spec));
  }

  /** Hands the file's header and rows to {@code sink}. */
  static <T> T read(Path file, Dialect dialect, RowSink<T> sink) {
    char delimiter = dialect.delimiter().orElseGet(() -> detectDelimiter(file));
    boolean decimalComma = dialect.decimal().orElse(delimiter == ';' ? ',' : '.') == ',';
    CSVFormat format = FORMAT.builder().setDelimiter(delimiter).build();
    try (Reader reader = openText(file);
        CSVParser parser = CSVParser.parse(reader, format)) {
      Iterator<CSVRecord> records = parser.iterator();
      boolean header = false;
      while (true) {
        long line = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
          if (!records.hasNext()) break;
          record = records.next();
        } catch (
            UncheckedIOException
                e) { // how Commons CSV reports a malformed quoted field, with "(line N)"
          throw DataFormatException.atLine(
              file, lineOf(e, line), "malformed CSV: " + e.getCause().getMessage());
        }
        if (record.size() == 1 && record.get(0).isEmpty()) continue; // a blank line
        List<String> values = record.toList();
        if (!header) {
          sink.header(
              values.stream().map(v -> RowSink.HeaderColumn.named(columnName(v))).toList(), line);
          header = true;
        } else {
          sink.row(
              decimalComma ? values.stream().map(CsvReader::decimalPoint).toList() : values, line);
        }
      }
      if (!header)
        throw DataFormatException.atLine(
            file, 1, "empty file: expected a header line naming the columns");
      return sink.finish(baseName(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  /**
   * The file as UTF-8 text, past a byte-order mark if it starts with one ("CSV UTF-8" exports do).
   */
  static BufferedReader openText(Path file) throws IOException {
    BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try {
      reader.mark(1);
      if (reader.read() != BYTE_ORDER_MARK) reader.reset();
      return reader;
    } catch (IOException e) {
      reader.close();
      throw e;
    }
  }

  /**
   * A header's column name without what no one means as part of it: surrounding white space,
   * no-break spaces and byte-order marks.
   */
  static String columnName(String given) {
    int start = 0;
    int end = given.length();
    while (start < end && invisible(given.charAt(start))) start++;
    while (end > start && invisible(given.charAt(end - 1))) end--;
    return given.substring(start, end);
  }

  private static boolean invisible(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == BYTE_ORDER_MARK;
  }

  /**
   * The delimiter of {@code file}'s header line (its first non-blank one), as {@link Dialect} says.
   */
  private static char detectDelimiter(Path file) {
    try (BufferedReader reader = openText(file)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) return mostFrequent(line, DETECTED_DELIMITERS).orElse(',');
      }
      return ',';
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  /**
   * Of {@code candidates}, the one occurring most often in {@code text} outside double quotes (the
   * first of them on a tie), or none when none occurs: the delimiter a line appears to use.
   */
  static Optional<Character> mostFrequent(String text, String candidates) {
    int[] counts = new int[candidates.length()];
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') quoted = !quoted;
      int k = candidates.indexOf(c);
      if (!quoted && k >= 0) counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < counts.length; k++) if (counts[k] > counts[best]) best = k;
    return counts[best] > 0 ? Optional.of(candidates.charAt(best)) : Optional.empty();
  }

  /** {@code value} with a decimal comma written as a point; any other value as it is. */
  private static String decimalPoint(String value) {
    String number = value.strip();
    return DECIMAL_COMMA.matcher(number).matches() ? number.replace(',', '.') : value;
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
