package io.coopdistill.learners.data.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.SiteData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One CSV file of 200 rows, 50 of each of four classes, split into sites. */
class SplitTableTest {
  @TempDir Path folder;

  /** A table section's defaults, as a scenario of data = table has them. */
  private static final Config TABLE =
      ConfigFactory.parseFile(
              Path.of(
                      ConfigFactory.load().getString("coopdistill.root"),
                      "conf",
                      "table-scenario.conf")
                  .toFile())
          .getConfig("scenario.table")
          .withFallback(ConfigFactory.parseString("label = y"));

  private static final String PARTITION =
      "alpha = 0.5, min-rows = 10, max-tries = 100, self-balancing = false, classes-per-site = 2, "
          + "sigma = 1.0";

  @BeforeEach
  void writeFile() throws IOException {
    List<String> lines = new ArrayList<>(List.of("x,colour,y"));
    for (int i = 0; i < 200; i++)
      lines.add(i / 200.0 + "," + (i % 3 == 0 ? "red" : "blue") + "," + "abcd".charAt(i % 4));
    Files.write(folder.resolve("all.csv"), lines);
    Files.write(folder.resolve("test.csv"), List.of("x,colour,y", "0.5,red,a", "0.25,blue,b"));
  }

  private SplitTable read(String table, String type) {
    Config section = ConfigFactory.parseString(table).withFallback(TABLE);
    return SplitTable.read(
        section,
        folder,
        PartitionOptions.fromConfig(
            ConfigFactory.parseString("type = " + type + ", " + PARTITION)));
  }

  @Test
  void theRowsNotHeldOutForTestingAreSplitAmongTheSites() {
    SplitTable split = read("split { file = all.csv, sites = 5 }", "iid");
    assertEquals(List.of("site-0", "site-1", "site-2", "site-3", "site-4"), split.siteNames());
    SiteData data = split.split(3);
    assertEquals(40, data.test().size(), "a stratified fifth of the file tests");
    assertEquals("[10, 10, 10, 10]", Arrays.toString(data.test().classCounts()));
    assertEquals(
        List.of(32, 32, 32, 32, 32),
        data.training().stream().map(Dataset::size).toList(),
        "iid: equal shares of the other 160");
    assertEquals("site-2", data.training().get(2).name());
    assertEquals(sizes(data), sizes(split.split(3)), "seeded");
    assertTrue(
        !Arrays.deepEquals(rows(data), rows(split.split(4))), "another seed draws other sites");

    for (Dataset site : read("split { file = all.csv, sites = 4 }", "shards").split(1).training()) {
      assertEquals(
          2,
          Arrays.stream(site.classCounts()).filter(n -> n > 0).count(),
          "shards: two classes a site");
    }
    SiteData withTestFile =
        read("split { file = all.csv, sites = 4 }, test = test.csv", "iid").split(0);
    assertEquals(2, withTestFile.test().size());
    assertEquals(
        200,
        withTestFile.training().stream().mapToInt(Dataset::size).sum(),
        "with a test file every row is split");
  }

  private static List<Integer> sizes(SiteData data) {
    return data.training().stream().map(Dataset::size).toList();
  }

  private static float[][][] rows(SiteData data) {
    return data.training().stream().map(Dataset::features).toArray(float[][][]::new);
  }

  @Test
  void aBadSplitIsNamed() {
    assertEquals(
        "scenario.table: give either sites (one file per site) or split (one file split into sites), not both",
        assertThrows(
                IllegalArgumentException.class,
                () -> read("split { file = all.csv, sites = 4 }, sites = []", "iid"))
            .getMessage());
    assertEquals(
        "table.split.sites must be at least 2 (cooperation needs two sites), got 1",
        assertThrows(
                IllegalArgumentException.class,
                () -> read("split { file = all.csv, sites = 1 }", "iid"))
            .getMessage());
    assertEquals(
        "table.split.name: unknown key; the keys are [file, sites]",
        assertThrows(
                IllegalArgumentException.class,
                () -> read("split { file = all.csv, sites = 2, name = x }", "iid"))
            .getMessage());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> read("split { sites = 2 }", "iid"))
            .getMessage()
            .startsWith("scenario.table.split: "),
        "no file");
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> read("split { file = all.csv, sites = 2 }", "undersample"))
            .getMessage()
            .startsWith("scenario.partition.type = undersample"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> read("split { file = all.csv, sites = 20 }", "dirichlet").split(0))
            .getMessage()
            .startsWith(
                "dirichlet: 20 sites of at least scenario.partition.min-rows = 10 rows need 200 rows, but there are 160"));
  }
}
