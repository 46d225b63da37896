package io.coopdistill.learners.data;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One IDX file's content: an element type, the dimensions (the first is the number of items, e.g.
 * images), and the elements in row-major order, kept as the file's raw big-endian bytes so that
 * large unsigned-byte files (FashionMNIST images) are not widened in memory.
 */
public final class IdxArray {
  /** Element types of the IDX format, by the type byte of the magic number. */
  public enum ElementType {
    UNSIGNED_BYTE(0x08, 1),
    SIGNED_BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    final int code;
    final int bytes;

    ElementType(int code, int bytes) {
      this.code = code;
      this.bytes = bytes;
    }

    static ElementType ofCode(int code) {
      for (ElementType t : values()) if (t.code == code) return t;
      return null;
    }
  }

  private final Path file;
  private final ElementType type;
  private final int[] dimensions;
  private final ByteBuffer data;
  private final long headerBytes;

  IdxArray(Path file, ElementType type, int[] dimensions, byte[] data) {
    this.file = Objects.requireNonNull(file);
    this.type = Objects.requireNonNull(type);
    this.dimensions = dimensions.clone();
    this.data = ByteBuffer.wrap(data); // big-endian, as IDX is
    this.headerBytes = 4L + 4L * dimensions.length;
  }

  public Path file() {
    return file;
  }

  public ElementType type() {
    return type;
  }

  public int[] dimensions() {
    return dimensions.clone();
  }

  /** The first dimension: number of items (images, labels). */
  public int items() {
    return dimensions[0];
  }

  /** Elements per item: product of the dimensions after the first. */
  public int itemSize() {
    int size = 1;
    for (int d = 1; d < dimensions.length; d++) size *= dimensions[d];
    return size;
  }

  public int elements() {
    return data.capacity() / type.bytes;
  }

  /** Element {@code index} (row-major, over all items) as a double, whatever the element type. */
  public double get(int index) {
    int at = index * type.bytes;
    return switch (type) {
      case UNSIGNED_BYTE -> data.get(at) & 0xFF;
      case SIGNED_BYTE -> data.get(at);
      case SHORT -> data.getShort(at);
      case INT -> data.getInt(at);
      case FLOAT -> data.getFloat(at);
      case DOUBLE -> data.getDouble(at);
    };
  }

  /** Element {@code index} of an {@link ElementType#UNSIGNED_BYTE} file, in [0, 255]. */
  public int unsignedByte(int index) {
    if (type != ElementType.UNSIGNED_BYTE)
      throw new IllegalStateException(file + " holds " + type + ", not unsigned bytes");
    return data.get(index) & 0xFF;
  }

  /** Byte offset of element {@code index} in the (decompressed) file, for error messages. */
  public long offsetOf(int index) {
    return headerBytes + (long) index * type.bytes;
  }

  @Override
  public String toString() {
    return file + " (" + type + " " + Arrays.toString(dimensions) + ")";
  }
}
