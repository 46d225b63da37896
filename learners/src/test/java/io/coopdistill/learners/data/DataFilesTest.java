package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed data folder matches its checksums, and results name files without the machine's
 * paths.
 */
class DataFilesTest {
  private static final Path DATA = Path.of(ConfigFactory.load().getString("coopdistill.data.dir"));

  /** What documents the data rather than being data. */
  private static final Set<String> NOT_DATA =
      Set.of(
          "README.md",
          "SHA256SUMS",
          "fashion-mnist-sample/MakeSample.java",
          "fashion-mnist-sample/LICENSE");

  private static final long FOUR_MB = 4L * 1024 * 1024;

  @TempDir Path temp;

  /** data/SHA256SUMS, in sha256sum's format: file (relative to data/) to checksum. */
  private static Map<String, String> checksums() throws IOException {
    Map<String, String> sums = new TreeMap<>();
    for (String line : Files.readAllLines(DATA.resolve("SHA256SUMS"), StandardCharsets.UTF_8)) {
      String[] parts = line.split(" {2}", 2);
      sums.put(parts[1], parts[0]);
    }
    return sums;
  }

  @Test
  void everyDataFileMatchesItsChecksumInSha256sumsAndTheReadme() throws IOException {
    Map<String, String> sums = checksums();
    Set<String> files = new TreeSet<>();
    try (Stream<Path> all = Files.walk(DATA)) {
      all.filter(Files::isRegularFile)
          .forEach(f -> files.add(DATA.relativize(f).toString().replace('\\', '/')));
    }
    files.removeAll(NOT_DATA);
    assertEquals(files, sums.keySet(), "SHA256SUMS lists every data file");
    String readme = Files.readString(DATA.resolve("README.md"));
    for (Map.Entry<String, String> e : sums.entrySet()) {
      assertEquals(e.getValue(), DataFiles.sha256(DATA.resolve(e.getKey())), e.getKey());
      assertTrue(
          readme.contains("`" + e.getValue() + "`") && readme.contains(e.getKey()),
          "data/README.md gives " + e.getKey() + " with its SHA-256");
    }
  }

  @Test
  void theFashionMnistSampleAndEveryFileStayUnderFourMegabytes() throws IOException {
    long sample = 0;
    try (Stream<Path> all = Files.walk(DATA)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) {
        assertTrue(Files.size(f) <= FOUR_MB, f + " is over 4 MB");
        if (f.startsWith(DATA.resolve("fashion-mnist-sample"))) sample += Files.size(f);
      }
    }
    assertTrue(sample <= FOUR_MB, "the FashionMNIST sample holds " + sample + " bytes");
  }

  @Test
  void sha256OfKnownBytes() throws IOException {
    Path file = Files.writeString(temp.resolve("abc.txt"), "abc");
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", DataFiles.sha256(file));
  }

  @Test
  void aFileInsideTheRootIsShownRelativeToItAnyOtherAsGiven() {
    Path root = temp.resolve("checkout");
    assertEquals(
        "data/heart-disease/processed.va.csv",
        DataFiles.shown(root, root.resolve("data/heart-disease/processed.va.csv")));
    assertEquals("data", DataFiles.shown(root, root.resolve("conf/../data")));
    assertEquals(".", DataFiles.shown(root, root));
    Path outside = temp.resolve("study/a.csv");
    assertEquals(
        "a.csv", DataFiles.shown(root, outside, "a.csv"), "outside the root: as the user gave it");
    assertEquals(outside.toString(), DataFiles.shown(root, outside));
    assertEquals(
        temp.resolve("checkout-2/x").toString(),
        DataFiles.shown(root, temp.resolve("checkout-2/x")),
        "a sibling with the root's name as prefix is outside it");
    for (String relative : List.of("data/x.csv", "x.csv")) {
      assertEquals(
          relative,
          DataFiles.shown(Path.of("").toAbsolutePath(), Path.of(relative)),
          "a relative path is resolved against the working directory");
    }
  }
}
