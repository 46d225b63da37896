package io.coopdistill.learners.data;

import io.coopdistill.learners.FileErrors;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and FashionMNIST): a magic number {@code 0x00 0x00 type
 * ndims}, {@code ndims} big-endian int dimensions, then the elements. Gzip-compressed files are
 * recognised by their content (the gzip magic bytes), not by their name. Offsets in error messages
 * count bytes of the decompressed content.
 */
public final class IdxReader {
  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;

  private IdxReader() {}

  /**
   * @throws DataFormatException for a bad magic number, negative dimensions, truncated data or a
   *     truncated gzip stream, or data after the last element
   * @throws UncheckedIOException if the file cannot be opened or read
   */
  public static IdxArray read(Path file) {
    try (InputStream in = open(file)) {
      byte[] magic = readFully(file, in, 4, 0, "the magic number");
      if (magic[0] != 0 || magic[1] != 0) {
        throw DataFormatException.atOffset(
            file,
            0,
            String.format(
                "not an IDX file: magic number starts with 0x%02x 0x%02x, expected 0x00 0x00",
                magic[0] & 0xFF, magic[1] & 0xFF));
      }
      IdxArray.ElementType type = IdxArray.ElementType.ofCode(magic[2] & 0xFF);
      if (type == null) {
        throw DataFormatException.atOffset(
            file, 2, String.format("unknown IDX element type 0x%02x", magic[2] & 0xFF));
      }
      int rank = magic[3] & 0xFF;
      if (rank == 0) throw DataFormatException.atOffset(file, 3, "IDX file with no dimensions");
      ByteBuffer dimensionBytes =
          ByteBuffer.wrap(readFully(file, in, 4 * rank, 4, "the dimensions"));
      int[] dimensions = new int[rank];
      long elements = 1;
      for (int d = 0; d < rank; d++) {
        dimensions[d] = dimensionBytes.getInt();
        if (dimensions[d] < 0)
          throw DataFormatException.atOffset(
              file, 4 + 4L * d, "negative dimension " + dimensions[d]);
        elements *= dimensions[d];
        if (elements * type.bytes > Integer.MAX_VALUE - 16) {
          throw DataFormatException.atOffset(
              file, 4 + 4L * d, "dimensions too large for one array");
        }
      }
      long header = 4 + 4L * rank;
      byte[] data =
          readFully(
              file,
              in,
              (int) elements * type.bytes,
              header,
              elements + " elements of type " + type);
      long end = header + data.length;
      try {
        if (in.read() != -1)
          throw DataFormatException.atOffset(file, end, "unexpected data after the last element");
      } catch (EOFException | ZipException e) {
        throw truncatedGzip(file, end, e);
      }
      return new IdxArray(file, type, dimensions, data);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("IDX file not found: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read IDX file " + file + ": " + FileErrors.reason(file, e), e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    boolean gzip = in.read() == GZIP_MAGIC_1 && in.read() == GZIP_MAGIC_2;
    in.reset();
    // Not buffered again: each read of the gzip stream returns what it inflated before failing, so
    // the offset of a truncation is exact.
    return gzip ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /**
   * Reads exactly {@code n} bytes that start at {@code offset}, or says where and why it could not.
   */
  private static byte[] readFully(Path file, InputStream in, int n, long offset, String what)
      throws IOException {
    byte[] bytes = new byte[n];
    int got = 0;
    try {
      while (got < n) {
        int r = in.read(bytes, got, n - got);
        if (r < 0) {
          throw DataFormatException.atOffset(
              file,
              offset + got,
              "truncated data: expected "
                  + what
                  + " ("
                  + n
                  + " bytes from offset "
                  + offset
                  + "), file ends");
        }
        got += r;
      }
    } catch (EOFException | ZipException e) {
      throw truncatedGzip(file, offset + got, e);
    }
    return bytes;
  }

  private static DataFormatException truncatedGzip(Path file, long offset, IOException cause) {
    return DataFormatException.atOffset(
        file, offset, "truncated or corrupt gzip stream (" + cause.getMessage() + ")", cause);
  }
}
