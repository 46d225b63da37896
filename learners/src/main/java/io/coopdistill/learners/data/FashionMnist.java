package io.coopdistill.learners.data;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.FeatureSchema.ImageShape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * FashionMNIST (Xiao et al. 2017), the image data of the paper's experiment 5: 28x28 grey images of
 * ten kinds of clothing, 60,000 for training and 10,000 for testing, read from the four IDX files
 * (gzip-compressed or plain) as Debian's package {@code dataset-fashion-mnist} installs them.
 */
public final class FashionMnist {
  /** Which of the two published parts to read. */
  public enum Part {
    TRAIN("train"),
    TEST("t10k");

    private final String filePrefix;

    Part(String filePrefix) {
      this.filePrefix = filePrefix;
    }
  }

  public static final ImageShape SHAPE = new ImageShape(1, 28, 28);
  public static final List<String> CLASS_NAMES =
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot");

  /** Configuration key of the directory holding the IDX files. */
  public static final String DIRECTORY_KEY = "coopdistill.data.fashion-mnist-dir";

  private static final String HOW_TO_GET =
      "install them with `apt-get install -y dataset-fashion-mnist` "
          + "or set "
          + DIRECTORY_KEY
          + " to a directory holding them";

  private FashionMnist() {}

  /** Reads {@code part} from the directory named by {@value #DIRECTORY_KEY}. */
  public static Dataset load(Config config, Part part) {
    return load(directory(config), part);
  }

  /** The directory named by {@value #DIRECTORY_KEY}. */
  public static Path directory(Config config) {
    return Path.of(config.getString(DIRECTORY_KEY));
  }

  /**
   * The two files {@link #load(Path, Part)} reads for {@code part}: images, then labels.
   *
   * @throws DataNotFoundException if one is missing
   */
  public static List<Path> files(Path directory, Part part) {
    return List.of(
        find(directory, part.filePrefix + "-images-idx3-ubyte"),
        find(directory, part.filePrefix + "-labels-idx1-ubyte"));
  }

  /**
   * Reads {@code part} from {@code directory}: pixels scaled to [0, 1], schema {@code
   * FeatureSchema.images(SHAPE)}, labels indexing {@link #CLASS_NAMES}.
   *
   * @throws DataNotFoundException if the directory or a file is missing
   * @throws DataFormatException if a file is not the expected IDX content
   */
  public static Dataset load(Path directory, Part part) {
    if (!Files.isDirectory(directory)) {
      throw new DataNotFoundException(
          "FashionMNIST directory " + directory + " does not exist: " + HOW_TO_GET);
    }
    List<Path> files = files(directory, part);
    IdxArray images = IdxReader.read(files.get(0));
    IdxArray labels = IdxReader.read(files.get(1));
    checkShape(images, new int[] {images.items(), SHAPE.height(), SHAPE.width()});
    checkShape(labels, new int[] {labels.items()});
    if (labels.items() != images.items()) {
      throw DataFormatException.atOffset(
          labels.file(),
          4,
          labels.items()
              + " labels but "
              + images.file().getFileName()
              + " holds "
              + images.items()
              + " images");
    }
    int n = images.items();
    int pixels = SHAPE.size();
    float[][] x = new float[n][pixels];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = labels.unsignedByte(i);
      if (y[i] >= CLASS_NAMES.size()) {
        throw DataFormatException.atOffset(
            labels.file(),
            labels.offsetOf(i),
            "label " + y[i] + " of item " + i + " is outside [0, " + CLASS_NAMES.size() + ")");
      }
      float[] row = x[i];
      int base = i * pixels;
      for (int p = 0; p < pixels; p++) row[p] = images.unsignedByte(base + p) / 255f;
    }
    return new Dataset(
        "fashion-mnist/" + part.name().toLowerCase(),
        FeatureSchema.images(SHAPE),
        CLASS_NAMES,
        x,
        y);
  }

  /** Reads encoded images back as the IDX files' grey levels, 0 to 255. */
  public static FeatureDecoder decoder() {
    return FeatureDecoder.of(FeatureSchema.images(SHAPE), 255);
  }

  /**
   * The file named {@code baseName} or {@code baseName.gz}; which one is compressed is decided by
   * content.
   */
  private static Path find(Path directory, String baseName) {
    for (String name : List.of(baseName, baseName + ".gz")) {
      Path file = directory.resolve(name);
      if (Files.isRegularFile(file)) return file;
    }
    throw new DataNotFoundException(
        "FashionMNIST file " + directory.resolve(baseName) + "[.gz] not found: " + HOW_TO_GET);
  }

  private static void checkShape(IdxArray array, int[] expected) {
    if (array.type() != IdxArray.ElementType.UNSIGNED_BYTE) {
      throw DataFormatException.atOffset(
          array.file(), 2, "expected unsigned bytes, found " + array.type());
    }
    if (!Arrays.equals(array.dimensions(), expected)) {
      throw DataFormatException.atOffset(
          array.file(),
          3,
          "dimensions "
              + Arrays.toString(array.dimensions())
              + ", expected "
              + Arrays.toString(expected));
    }
  }
}
