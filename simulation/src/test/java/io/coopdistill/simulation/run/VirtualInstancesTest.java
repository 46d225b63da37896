package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run's file from the units' parts, whose seeds may encode different features in different orders. */
class VirtualInstancesTest {
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

  @Test
  void partsOfOtherColumnOrdersAndSetsJoinUnderTheUnionOfTheirColumns() throws IOException {
    String lead = "seed,round,method,site,teacher,student,label";
    Path first = part("a.csv.gz", lead + ",age,purpose\n0,1,cooperative,a,a,b,good,41,\"car, new\"\n");
    Path second = part("b.csv.gz", lead + ",purpose,job,age\n1,1,cooperative,b,b,a,bad,radio,skilled,63\n");
    Path target = temp.resolve("virtual-instances.csv.gz");
    VirtualInstances.assemble(target, List.of(first, temp.resolve("never-written.csv.gz"), second));
    List<List<String>> lines = VirtualInstances.read(target).stream().map(CSVRecord::toList).toList();
    assertEquals(List.of(
        List.of("seed", "round", "method", "site", "teacher", "student", "label", "age", "purpose", "job"),
        List.of("0", "1", "cooperative", "a", "a", "b", "good", "41", "car, new", ""),
        List.of("1", "1", "cooperative", "b", "b", "a", "bad", "63", "radio", "skilled")), lines);

    VirtualInstances.assemble(target, List.of(temp.resolve("never-written.csv.gz")));
    assertFalse(Files.exists(target), "no part, no file");
  }
}
