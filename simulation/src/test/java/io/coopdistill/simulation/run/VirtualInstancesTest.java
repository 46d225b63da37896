package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's file from the units' parts, whose seeds may encode different features in different
 * orders.
 */
class VirtualInstancesTest {
  private static final String LEAD = "seed,round,method,site,teacher,student,label";

  @TempDir Path temp;

  private Path part(String name, String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    Path file = temp.resolve(name);
    Files.write(file, bytes.toByteArray());
    return file;
  }

  private static List<List<String>> lines(Path file) throws IOException {
    try (var in =
        new InputStreamReader(
            new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8)) {
      return CSVFormat.DEFAULT.parse(in).stream().map(CSVRecord::toList).toList();
    }
  }

  @Test
  void partsOfOtherColumnOrdersAndSetsJoinUnderTheUnionOfTheirColumns() throws IOException {
    Path first =
        part("a.csv.gz", LEAD + ",age,purpose\n0,1,cooperative,a,a,b,good,41,\"car, new\"\n");
    Path second =
        part("b.csv.gz", LEAD + ",purpose,job,age\n1,1,cooperative,b,b,a,bad,radio,skilled,63\n");
    Path target = temp.resolve("virtual-instances.csv.gz");
    VirtualInstances.assemble(target, List.of(first, temp.resolve("never-written.csv.gz"), second));
    assertEquals(
        List.of(
            List.of(
                "seed", "round", "method", "site", "teacher", "student", "label", "age", "purpose",
                "job"),
            List.of("0", "1", "cooperative", "a", "a", "b", "good", "41", "car, new", ""),
            List.of("1", "1", "cooperative", "b", "b", "a", "bad", "63", "radio", "skilled")),
        lines(target));

    VirtualInstances.assemble(target, List.of(temp.resolve("never-written.csv.gz")));
    assertFalse(Files.exists(target), "no part, no file");
  }

  @Test
  void aPartThatCannotBeReadIsNamedAndTheOldFileStays() throws IOException {
    Path good = part("good.csv.gz", LEAD + ",age\n0,1,cooperative,a,a,b,good,41\n");
    Path target = temp.resolve("virtual-instances.csv.gz");
    VirtualInstances.assemble(target, List.of(good));
    byte[] before = Files.readAllBytes(target);
    byte[] whole =
        Files.readAllBytes(
            part("cut.csv.gz", LEAD + ",age\n" + "0,1,cooperative,a,a,b,good,41\n".repeat(1000)));
    Path cut = temp.resolve("cut.csv.gz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    Path plain = temp.resolve("plain.csv.gz");
    Files.writeString(plain, LEAD + "\n");
    for (Path bad : List.of(cut, plain)) {
      UncheckedIOException e =
          assertThrows(
              UncheckedIOException.class,
              () -> VirtualInstances.assemble(target, List.of(good, bad)));
      assertTrue(e.getMessage().startsWith("cannot read " + bad), e.getMessage());
      assertEquals(List.of(target.getFileName()), names(), "no temporary file is left behind");
      assertTrue(Arrays.equals(before, Files.readAllBytes(target)), "the last whole file stays");
    }
  }

  private List<Path> names() throws IOException {
    try (Stream<Path> files = Files.list(temp)) {
      return files
          .map(Path::getFileName)
          .filter(n -> n.toString().contains("virtual-instances"))
          .toList();
    }
  }

  // The paper's regime sent 22,000 FashionMNIST instances a seed: hundreds of megabytes of parts,
  // which
  // a run once held in memory whole and died of. A child JVM with a small heap proves they are
  // streamed.
  @Test
  void partsFarLargerThanTheHeapAreAssembledInAFreshJvmWithASmallHeap() throws Exception {
    int rows = 3_000;
    int pixels = 784;
    List<String> parts = new ArrayList<>();
    for (int seed = 0; seed < 3; seed++) {
      Path file = temp.resolve("seed-" + seed + ".csv.gz");
      try (Writer out =
          new OutputStreamWriter(
              new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8)) {
        StringBuilder header = new StringBuilder(LEAD);
        for (int p = 0; p < pixels; p++) header.append(",pixel").append(p);
        out.write(header.append('\n').toString());
        for (int r = 0; r < rows; r++) {
          StringBuilder line = new StringBuilder().append(seed).append(",1,cooperative,a,b,c,Coat");
          for (int p = 0; p < pixels; p++) line.append(',').append((r + p) % 256);
          out.write(line.append('\n').toString());
        }
      }
      parts.add(file.toString());
    }
    Path target = temp.resolve("virtual-instances.csv.gz");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx24m",
                "-cp",
                System.getProperty("java.class.path"),
                VirtualInstancesTest.class.getName(),
                target.toString()));
    command.addAll(parts);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.waitFor(), "the child JVM failed: " + out);

    // Counted line by line here too: read whole, the file would be as large in this JVM.
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(target)), StandardCharsets.UTF_8))) {
      assertTrue(in.readLine().startsWith(LEAD + ",pixel0,pixel1,"));
      String last = lastLine(in);
      assertTrue(
          last.startsWith("2,1,cooperative,a,b,c,Coat,183,184,185,"),
          "the last line is seed 2's row 2,999");
    }
  }

  /** Reads {@code in} to its end, counting its lines (3 parts of 3,000), and gives the last. */
  private static String lastLine(BufferedReader in) throws IOException {
    String last = null;
    int count = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      last = line;
      count++;
    }
    assertEquals(9_000, count);
    return last;
  }

  /** Assembles args[0] from the parts args[1..]: the child JVM of the test above. */
  public static void main(String[] args) {
    VirtualInstances.assemble(Path.of(args[0]), Stream.of(args).skip(1).map(Path::of).toList());
  }
}
