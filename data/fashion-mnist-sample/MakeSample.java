import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Makes the committed FashionMNIST sample: from the full set's four IDX files, a stratified, seeded
 * slice (PER_CLASS_TRAIN images of each class from the training part, PER_CLASS_TEST from the test
 * part), written as the same four gzip IDX files. Per part and class, the images of that class are
 * shuffled with java.util.Random(SEED) and the first ones kept; kept images stay in their original
 * order. Needs only a JDK (11 or later), run from the project root:
 *
 * <pre>java data/fashion-mnist-sample/MakeSample.java /usr/share/datasets/fashion-mnist data/fashion-mnist-sample</pre>
 */
public class MakeSample {
  static final int PER_CLASS_TRAIN = 600;
  static final int PER_CLASS_TEST = 100;
  static final long SEED = 2017;
  static final int CLASSES = 10;
  static final int PIXELS = 28 * 28;

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java MakeSample.java FULL_SET_DIR OUT_DIR");
      System.exit(2);
    }
    Path from = Path.of(args[0]);
    Path to = Path.of(args[1]);
    slice(from, to, "train", PER_CLASS_TRAIN);
    slice(from, to, "t10k", PER_CLASS_TEST);
  }

  private static void slice(Path from, Path to, String part, int perClass) throws IOException {
    byte[] images = read(from.resolve(part + "-images-idx3-ubyte.gz"));
    byte[] labels = read(from.resolve(part + "-labels-idx1-ubyte.gz"));
    int n = ByteBuffer.wrap(labels, 4, 4).getInt();
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) byClass.add(new ArrayList<>());
    for (int i = 0; i < n; i++) byClass.get(labels[8 + i]).add(i);
    Random random = new Random(SEED);
    List<Integer> kept = new ArrayList<>();
    for (List<Integer> members : byClass) {
      Collections.shuffle(members, random);
      kept.addAll(members.subList(0, perClass));
    }
    Collections.sort(kept);
    ByteBuffer imageOut = header(3, kept.size(), PIXELS);
    imageOut.putInt(28).putInt(28);
    ByteBuffer labelOut = header(1, kept.size(), 1);
    for (int i : kept) {
      imageOut.put(images, 16 + i * PIXELS, PIXELS);
      labelOut.put(labels[8 + i]);
    }
    write(to.resolve(part + "-images-idx3-ubyte.gz"), imageOut.array());
    write(to.resolve(part + "-labels-idx1-ubyte.gz"), labelOut.array());
    System.out.println(part + ": " + kept.size() + " of " + n + " images, " + perClass + " per class");
  }

  /** An IDX header of unsigned bytes: magic 0 0 8 rank, then the item count (further dimensions follow). */
  private static ByteBuffer header(int rank, int items, int itemSize) {
    ByteBuffer b = ByteBuffer.allocate(4 + 4 * rank + items * itemSize);
    return b.put((byte) 0).put((byte) 0).put((byte) 8).put((byte) rank).putInt(items);
  }

  private static byte[] read(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return in.readAllBytes();
    }
  }

  /** gzip at the best compression; Java writes no file name and a zero time stamp, so the bytes depend only on the content and zlib. */
  private static void write(Path file, byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(bytes) {
      { def.setLevel(Deflater.BEST_COMPRESSION); }
    }) {
      gz.write(content);
    }
    Files.write(file, bytes.toByteArray());
  }
}
