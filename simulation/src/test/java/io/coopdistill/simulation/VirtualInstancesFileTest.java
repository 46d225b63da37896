package io.coopdistill.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * virtual-instances.csv.gz holds one line per virtual instance the sites sent, the same on the
 * actor runtime and the reference orchestrator, and the same after a killed run is resumed.
 */
class VirtualInstancesFileTest {
  @TempDir Path temp;

  private static final List<String> METHODS =
      List.of("baseline", "cooperative", "cooperative-no-set-cover", "raw-sharing");

  private static Cli run(Path dir, String... more) {
    return Cli.run(
        List.of("run", "quickstart", "--out", dir.toString(), "--no-progress"),
        List.of(
            "scenario.seeds=2",
            "scenario.methods=[" + String.join(", ", METHODS) + "]",
            "scenario.agents=3",
            "scenario.classes=3",
            "scenario.features=4",
            "scenario.rows-per-agent=100",
            "scenario.test-rows=200",
            "coopdistill.simulation.illustration.rows-per-pair=0"),
        more);
  }

  @Test
  void heartDiseaseInstancesReadInTheFilesOwnColumnsAndValues() throws IOException {
    Path dir = temp.resolve("heart");
    Cli run =
        Cli.run(
            "run",
            "heart-disease-trees",
            "--out",
            dir.toString(),
            "--no-progress",
            "--set",
            "scenario.seeds=1",
            "--set",
            "scenario.methods=[cooperative]",
            "--set",
            "coopdistill.simulation.illustration.rows-per-pair=0");
    assertEquals(0, run.status(), run.err());
    List<String> lines = lines(dir);
    assertEquals(
        "seed,round,method,site,teacher,student,label,age,sex,cp,trestbps,chol,fbs,restecg,thalach,exang,oldpeak,slope",
        lines.get(0));
    JsonNode results = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    long sent = 0;
    for (JsonNode row : results.at("/counterfactuals/by_method/cooperative/generated"))
      for (JsonNode n : row) sent += n.asLong();
    assertEquals(sent, lines.size() - 1L);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertTrue(List.of("no disease", "disease").contains(f[6]), line);
      assertTrue(
          List.of("0", "1").contains(f[8]) && List.of("1", "2", "3", "4").contains(f[9]),
          "sex and cp are categories: " + line);
      double age = Double.parseDouble(f[7]);
      assertTrue(age >= 28 && age <= 77, "age in years: " + line);
    }
  }

  private static List<String> lines(Path dir) throws IOException {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve("virtual-instances.csv.gz"))),
                StandardCharsets.UTF_8))) {
      return in.lines().toList();
    }
  }

  @Test
  void oneLinePerSentInstanceOnBothRuntimesAndAfterAResume() throws IOException {
    Path actors = temp.resolve("actors");
    Cli full = run(actors);
    assertEquals(0, full.status(), full.err());
    List<String> lines = lines(actors);
    assertEquals("seed,round,method,site,teacher,student,label,x0,x1,x2,x3", lines.get(0));

    JsonNode results = new ObjectMapper().readTree(actors.resolve("results.json").toFile());
    JsonNode agents = results.at("/counterfactuals/agents");
    for (String method : List.of("cooperative", "cooperative-no-set-cover")) {
      long sent = 0;
      for (JsonNode row : results.at("/counterfactuals/by_method/" + method + "/generated"))
        for (JsonNode n : row) sent += n.asLong();
      assertTrue(sent > 0, method + " sent virtual instances");
      long inFile = lines.stream().filter(l -> l.split(",")[2].equals(method)).count();
      assertEquals(
          sent, inFile, method + ": one line per sent instance (results.json's generated)");
    }
    // Raw rows are no virtual instances (and must not be published); the baseline sends nothing.
    assertTrue(lines.stream().skip(1).allMatch(l -> l.split(",")[2].startsWith("cooperative")));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertEquals(11, f.length, line);
      assertEquals("1", f[1], line);
      assertTrue(agents.toString().contains('"' + f[3] + '"') && !f[4].equals(f[5]), line);
      assertTrue(f[6].matches("class-[0-2]"), line);
      for (int c = 7; c < 11; c++)
        assertTrue(Double.parseDouble(f[c]) >= 0 && Double.parseDouble(f[c]) <= 1, line);
    }

    Path reference = temp.resolve("reference");
    assertEquals(0, run(reference, "--set", "coopdistill.simulation.runtime=reference").status());
    assertEquals(lines, lines(reference), "the reference orchestrator sends the same instances");

    Path resumed = temp.resolve("resumed");
    assertEquals(
        1,
        run(resumed, "--stop-after", "2").status(),
        "stopped after seed 0's baseline and cooperative units");
    assertTrue(
        Files.isRegularFile(
            resumed.resolve("checkpoints/virtual-instances/cooperative/seed-0.csv.gz")));
    assertEquals(0, run(resumed).status());
    assertEquals(lines, lines(resumed), "a resumed run writes the same file");
  }
}
