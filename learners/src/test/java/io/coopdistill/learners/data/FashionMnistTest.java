package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.FashionMnist.Part;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
  private static final int PIXELS = 28 * 28;

  @TempDir Path dir;

  /** An IDX file: magic 0 0 type rank, dimensions, then the payload. */
  static byte[] idx(int type, int[] dimensions, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * dimensions.length + payload.length);
    b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dimensions.length);
    for (int d : dimensions) b.putInt(d);
    return b.put(payload).array();
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(content);
    }
    return out.toByteArray();
  }

  /** Image i has every pixel equal to 100 * i + (pixel index mod 7); labels as given. */
  private static byte[] images(int n) {
    byte[] pixels = new byte[n * PIXELS];
    for (int i = 0; i < n; i++)
      for (int p = 0; p < PIXELS; p++) pixels[i * PIXELS + p] = (byte) (100 * i + p % 7);
    return idx(0x08, new int[] {n, 28, 28}, pixels);
  }

  private static byte[] labels(int... labels) {
    byte[] bytes = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) bytes[i] = (byte) labels[i];
    return idx(0x08, new int[] {labels.length}, bytes);
  }

  private void write(String name, byte[] content) throws IOException {
    Files.write(dir.resolve(name), content);
  }

  @Test
  void readsPlainFilesScaledToUnitInterval() throws IOException {
    write("t10k-images-idx3-ubyte", images(3));
    write("t10k-labels-idx1-ubyte", labels(9, 0, 4));
    Dataset test = FashionMnist.load(dir, Part.TEST);
    assertEquals(3, test.size());
    assertArrayEquals(new int[] {9, 0, 4}, test.labels());
    assertEquals(FashionMnist.CLASS_NAMES, test.classNames());
    assertEquals("Ankle boot", test.classNames().get(test.label(0)));
    assertEquals(FeatureSchema.images(FashionMnist.SHAPE), test.schema());
    assertEquals(0f, test.row(0)[0]);
    assertEquals(6 / 255f, test.row(0)[6]);
    assertEquals(200 / 255f, test.row(2)[0]);
    assertEquals(205 / 255f, test.row(2)[5]);
  }

  @Test
  void detectsGzipByContentNotName() throws IOException {
    // compressed content under the plain name, and plain content under the .gz name
    write("train-images-idx3-ubyte", gzip(images(2)));
    write("train-labels-idx1-ubyte.gz", labels(1, 2));
    Dataset train = FashionMnist.load(dir, Part.TRAIN);
    assertEquals(2, train.size());
    assertEquals(100 / 255f, train.row(1)[0]);
    assertArrayEquals(new int[] {1, 2}, train.labels());
  }

  @Test
  void truncatedGzipNamesFileAndOffset() throws IOException {
    byte[] full = gzip(images(3));
    write("train-images-idx3-ubyte.gz", Arrays.copyOf(full, full.length / 2));
    write("train-labels-idx1-ubyte", labels(1, 2, 3));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    assertTrue(e.location().startsWith("byte offset "), e.location());
  }

  @Test
  void missingGzipTrailerIsTruncation() throws IOException {
    byte[] full = gzip(labels(1, 2, 3));
    write("train-images-idx3-ubyte", images(3));
    write("train-labels-idx1-ubyte.gz", Arrays.copyOf(full, full.length - 4));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertEquals(
        "byte offset 11",
        e.location(),
        e.getMessage()); // 8 header bytes + 3 labels, then the trailer is missing
  }

  @Test
  void truncatedDataNamesOffsetWhereFileEnds() throws IOException {
    byte[] full = images(3);
    write("train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 10));
    write("train-labels-idx1-ubyte", labels(1, 2, 3));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertEquals("byte offset " + (full.length - 10), e.location());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void wrongMagicIsRejected() throws IOException {
    byte[] bad = images(1);
    bad[0] = 0x50; // e.g. a PNG or text file
    write("train-images-idx3-ubyte", bad);
    write("train-labels-idx1-ubyte", labels(1));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertEquals("byte offset 0", e.location());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void wrongElementTypeOrShapeIsRejected() throws IOException {
    write("train-images-idx3-ubyte", idx(0x08, new int[] {1, 14, 56}, new byte[PIXELS]));
    write("train-labels-idx1-ubyte", labels(1));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertTrue(e.getMessage().contains("[1, 14, 56]"), e.getMessage());
  }

  @Test
  void labelAndImageCountsMustMatch() throws IOException {
    write("train-images-idx3-ubyte", images(3));
    write("train-labels-idx1-ubyte", labels(1, 2));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertEquals(dir.resolve("train-labels-idx1-ubyte"), e.file());
    assertTrue(
        e.getMessage().contains("2 labels") && e.getMessage().contains("3 images"), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesItsOffset() throws IOException {
    write("train-images-idx3-ubyte", images(3));
    write("train-labels-idx1-ubyte", labels(1, 10, 2));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertEquals("byte offset 9", e.location());
    assertTrue(e.getMessage().contains("label 10"), e.getMessage());
  }

  @Test
  void trailingBytesAreRejected() throws IOException {
    byte[] full = labels(1, 2, 3);
    write("train-images-idx3-ubyte", images(3));
    write("train-labels-idx1-ubyte", Arrays.copyOf(full, full.length + 1));
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertEquals("byte offset 11", e.location());
  }

  @Test
  void missingDirectoryOrFileSaysHowToGetTheData() throws IOException {
    DataNotFoundException noDir =
        assertThrows(
            DataNotFoundException.class,
            () -> FashionMnist.load(dir.resolve("nowhere"), Part.TRAIN));
    assertTrue(
        noDir.getMessage().contains("apt-get install -y dataset-fashion-mnist"),
        noDir.getMessage());
    assertTrue(
        noDir.getMessage().contains("coopdistill.data.fashion-mnist-dir"), noDir.getMessage());
    write("train-images-idx3-ubyte", images(1));
    DataNotFoundException noFile =
        assertThrows(DataNotFoundException.class, () -> FashionMnist.load(dir, Part.TRAIN));
    assertTrue(noFile.getMessage().contains("train-labels-idx1-ubyte"), noFile.getMessage());
    assertTrue(
        noFile.getMessage().contains("apt-get install -y dataset-fashion-mnist"),
        noFile.getMessage());
  }

  @Test
  void idxReaderReadsOtherElementTypes() throws IOException {
    ByteBuffer payload = ByteBuffer.allocate(4 * 6);
    for (int v : new int[] {-1, 2, 70000, 4, 5, -6}) payload.putInt(v);
    write("ints.idx", idx(0x0C, new int[] {2, 3}, payload.array()));
    IdxArray array = IdxReader.read(dir.resolve("ints.idx"));
    assertEquals(IdxArray.ElementType.INT, array.type());
    assertArrayEquals(new int[] {2, 3}, array.dimensions());
    assertEquals(3, array.itemSize());
    assertEquals(70000, array.get(2));
    assertEquals(-6, array.get(5));
    assertEquals(8 + 4 + 4 * 5, array.offsetOf(5));
  }

  /**
   * The committed sample, data/fashion-mnist-sample: 600 training and 100 test images of each class
   * (data/README.md).
   */
  static Path sample() {
    return Path.of(ConfigFactory.load().getString("coopdistill.data.dir"), "fashion-mnist-sample");
  }

  @Test
  void loadsTheCommittedSample() {
    Dataset train = FashionMnist.load(sample(), Part.TRAIN);
    Dataset test = FashionMnist.load(sample(), Part.TEST);
    int[] sixHundred = new int[10];
    Arrays.fill(sixHundred, 600);
    assertArrayEquals(sixHundred, train.classCounts());
    int[] oneHundred = new int[10];
    Arrays.fill(oneHundred, 100);
    assertArrayEquals(oneHundred, test.classCounts());
    float max = 0;
    for (float[] row : test.features()) {
      for (float v : row) {
        assertTrue(v >= 0f && v <= 1f);
        max = Math.max(max, v);
      }
    }
    assertEquals(1f, max);
    assertEquals(
        List.of(
            sample().resolve("t10k-images-idx3-ubyte.gz"),
            sample().resolve("t10k-labels-idx1-ubyte.gz")),
        FashionMnist.files(sample(), Part.TEST));
  }
}
