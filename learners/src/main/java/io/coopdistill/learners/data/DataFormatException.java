package io.coopdistill.learners.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file that cannot be read as what it claims to be. The message always names the file and
 * where in it the problem is (a byte offset for binary files, a line for text files), so a user can
 * find and fix the offending spot. It is bad input, like a bad configuration value, so it is an
 * {@link IllegalArgumentException}.
 */
public final class DataFormatException extends IllegalArgumentException {
  private final Path file;
  private final String location;

  private DataFormatException(Path file, String location, String problem, Throwable cause) {
    super(file + ", " + location + ": " + problem, cause);
    this.file = Objects.requireNonNull(file, "file");
    this.location = location;
  }

  /** A problem in a binary file at {@code offset} bytes from its start (after decompression). */
  public static DataFormatException atOffset(Path file, long offset, String problem) {
    return new DataFormatException(file, "byte offset " + offset, problem, null);
  }

  public static DataFormatException atOffset(
      Path file, long offset, String problem, Throwable cause) {
    return new DataFormatException(file, "byte offset " + offset, problem, cause);
  }

  /** A problem on text line {@code line} (1-based). */
  public static DataFormatException atLine(Path file, long line, String problem) {
    return new DataFormatException(file, "line " + line, problem, null);
  }

  /**
   * A problem in field {@code column} (1-based, counted in the line's fields) of text line {@code
   * line} (1-based).
   */
  public static DataFormatException atField(Path file, long line, int column, String problem) {
    return new DataFormatException(file, "line " + line + ", column " + column, problem, null);
  }

  public Path file() {
    return file;
  }

  /** "byte offset N", "line N" or "line N, column C". */
  public String location() {
    return location;
  }
}
