package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.SiteTables.DataFile;
import io.coopdistill.learners.data.SiteTables.Options;
import io.coopdistill.learners.data.SiteTables.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteTablesTest {
  @TempDir Path dir;

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private DataFile file(String name) {
    return new DataFile(name, dir.resolve(name));
  }

  private Options options(
      List<String> siteFiles,
      String test,
      double testFraction,
      String label,
      List<String> nominal,
      List<String> numeric,
      List<String> ignore) {
    List<Site> sites = new ArrayList<>();
    for (String f : siteFiles) sites.add(new Site(f.substring(0, f.indexOf('.')), file(f)));
    return new Options(
        sites,
        test == null ? null : file(test),
        testFraction,
        label,
        nominal,
        numeric,
        ignore,
        Set.of("", "?"));
  }

  /**
   * Site a (CSV) has smoker but no bp, site b (ARFF) has bp but no smoker; both have age and
   * colour.
   */
  private void writeMismatchedSites() throws IOException {
    write(
        "a.csv",
        "id,age,colour,smoker,outcome",
        "1,30,red,yes,sick",
        "2,50,blue,no,well",
        "3,,red,?,sick",
        "4,70,green,no,well");
    write(
        "b.arff",
        "% a site's own ARFF file",
        "@relation b",
        "@attribute id numeric",
        "@attribute age numeric",
        "@attribute colour {red, blue, purple}",
        "@attribute bp real",
        "@attribute outcome {sick, well}",
        "@data",
        "5,40,purple,120,sick",
        "6,60,blue,?,well",
        "7,20,?,140,well");
  }

  private static float value(Dataset data, int row, String column) {
    return data.row(row)[data.schema().columns().indexOf(column)];
  }

  @Test
  void csvAndArffSitesAreEncodedInTheirUnionWithBoundsAndCategoriesFromTheSitesOnly()
      throws IOException {
    writeMismatchedSites();
    write(
        "test.csv",
        "age,colour,smoker,bp,outcome,extra",
        "90,orange,yes,130,well,x",
        "10,red,no,100,sick,y",
        "35,blue,,,unknown,z");
    SiteTables tables =
        SiteTables.read(
            options(
                List.of("a.csv", "b.arff"),
                "test.csv",
                0,
                "outcome",
                List.of(),
                List.of(),
                List.of("id")));
    assertEquals(List.of("a", "b"), tables.siteNames());
    assertEquals(List.of("sick", "well"), tables.classNames());
    assertEquals(1, tables.leftOutTestRows(), "the row of class 'unknown' is left out");

    SiteData data = tables.split(0);
    assertEquals(
        Set.of(
            "age",
            "colour=blue",
            "colour=green",
            "colour=red",
            "colour=purple",
            "smoker=no",
            "smoker=yes",
            "bp"),
        Set.copyOf(data.union().schema().columns()));
    assertEquals(
        List.of(List.of("bp"), List.of("smoker")),
        data.droppedFeatures(),
        "each site lacks the other's column");
    assertEquals(
        new TabularEncoding.Numeric("age", 20, 70),
        data.union().feature("age").orElseThrow(),
        "bounds of both sites");

    Dataset a = data.training().get(0);
    assertEquals(4, a.size());
    assertArrayEquals(new int[] {0, 1, 0, 1}, a.labels());
    assertEquals(0.2f, value(a, 0, "age"), 1e-6);
    assertEquals(0f, value(a, 2, "age"), "a missing number is 0");
    assertEquals(
        0f,
        value(a, 2, "smoker=no") + value(a, 2, "smoker=yes"),
        "a missing category is an all-zero group");
    assertEquals(0f, value(a, 0, "bp"), "a column the site lacks is 0");
    Dataset b = data.training().get(1);
    assertEquals(1f, value(b, 0, "colour=purple"));
    assertEquals(0f, value(b, 1, "bp"), "ARFF's ? is missing");
    assertEquals(1f, value(b, 2, "bp"));

    Dataset test = data.test();
    assertEquals(2, test.size());
    assertArrayEquals(new int[] {1, 0}, test.labels());
    assertEquals(
        1f, value(test, 0, "age"), "90 is above the sites' largest age: clamped, not rescaled");
    assertEquals(0f, value(test, 1, "age"));
    float colours = 0;
    for (String c : List.of("colour=blue", "colour=green", "colour=red", "colour=purple"))
      colours += value(test, 0, c);
    assertEquals(0f, colours, "orange, which no site has, is no category");
    assertEquals(1f, value(test, 1, "colour=red"));
    assertFalse(
        test.schema().columns().stream().anyMatch(c -> c.startsWith("extra")),
        "a column only the test file has is ignored");
    assertEquals(data, tables.split(7), "a test file makes every seed's split the same");
  }

  @Test
  void typesAreInferredUnlessListed() throws IOException {
    writeMismatchedSites();
    write("test.csv", "id,age,colour,outcome", "8,45,red,sick");
    SiteTables inferred =
        SiteTables.read(
            options(
                List.of("a.csv", "b.arff"),
                "test.csv",
                0,
                "outcome",
                List.of(),
                List.of(),
                List.of()));
    assertTrue(
        inferred.split(0).union().feature("id").orElseThrow() instanceof TabularEncoding.Numeric,
        "numbers only: numeric");
    assertTrue(
        inferred.split(0).union().feature("smoker").orElseThrow()
            instanceof TabularEncoding.Nominal,
        "text: nominal");
    SiteTables listed =
        SiteTables.read(
            options(
                List.of("a.csv", "b.arff"),
                "test.csv",
                0,
                "outcome",
                List.of("id"),
                List.of(),
                List.of()));
    assertEquals(
        Set.of("1", "2", "3", "4", "5", "6", "7"),
        Set.copyOf(
            ((TabularEncoding.Nominal) listed.split(0).union().feature("id").orElseThrow())
                .categories()),
        "listed nominal, even where ARFF declares it numeric: the sites' values are its categories");
  }

  @Test
  void aTestFractionIsHeldOutOfEverySiteStratifiedAndSeeded() throws IOException {
    for (String site : List.of("p", "q")) {
      List<String> lines = new ArrayList<>(List.of("x,y"));
      for (int i = 0; i < 20; i++)
        lines.add((site.equals("p") ? i : 100 + i) + "," + (i % 2 == 0 ? "no" : "yes"));
      write(site + ".csv", lines.toArray(String[]::new));
    }
    SiteTables tables =
        SiteTables.read(
            options(List.of("p.csv", "q.csv"), null, 0.2, "y", List.of(), List.of(), List.of()));
    SiteData seed0 = tables.split(0);
    for (Dataset site : seed0.training())
      assertArrayEquals(new int[] {8, 8}, site.classCounts(), "2 of each class's 10 held out");
    assertArrayEquals(
        new int[] {4, 4}, seed0.test().classCounts(), "the held-out rows of both sites");
    assertTrue(
        Arrays.deepEquals(seed0.test().features(), tables.split(0).test().features()),
        "the same seed holds out the same rows");
    assertFalse(
        Arrays.deepEquals(seed0.test().features(), tables.split(1).test().features()),
        "another seed holds out other rows");
  }

  @Test
  void aMissingFileIsNamedAsGivenAndAsResolved() throws IOException {
    writeMismatchedSites();
    DataNotFoundException e =
        assertThrows(DataNotFoundException.class, () -> readSites(List.of("a.csv", "nowhere.csv")));
    assertTrue(
        e.getMessage()
            .contains(
                "site 'nowhere': file nowhere.csv not found (resolved to "
                    + dir.resolve("nowhere.csv")
                    + ")"),
        e.getMessage());
    e =
        assertThrows(
            DataNotFoundException.class,
            () ->
                SiteTables.read(
                    options(
                        List.of("a.csv", "b.arff"),
                        "t.csv",
                        0,
                        "outcome",
                        List.of(),
                        List.of(),
                        List.of())));
    assertTrue(e.getMessage().contains("test file t.csv not found"), e.getMessage());
  }

  @Test
  void anUnknownLabelOrColumnListsTheColumns() throws IOException {
    writeMismatchedSites();
    DataFormatException label =
        assertThrows(
            DataFormatException.class,
            () ->
                SiteTables.read(
                    options(
                        List.of("a.csv", "b.arff"),
                        null,
                        0.2,
                        "diagnosis",
                        List.of(),
                        List.of(),
                        List.of())));
    assertEquals(dir.resolve("a.csv"), label.file());
    assertTrue(
        label
            .getMessage()
            .contains(
                "label column 'diagnosis' not found; the columns are [id, age, colour, smoker, outcome]"),
        label.getMessage());
    IllegalArgumentException column =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SiteTables.read(
                    options(
                        List.of("a.csv", "b.arff"),
                        null,
                        0.2,
                        "outcome",
                        List.of("colr"),
                        List.of(),
                        List.of())));
    assertEquals(
        "table.nominal names column 'colr', which no file has; the columns are [id, age, colour, smoker, bp]",
        column.getMessage());
  }

  @Test
  void aValueThatIsNotANumberIsNamedWithFileLineAndColumn() throws IOException {
    writeMismatchedSites();
    write("c.csv", "age,colour,outcome", "30,red,sick", "forty,blue,well");
    DataFormatException declared =
        assertThrows(
            DataFormatException.class,
            () ->
                SiteTables.read(
                    options(
                        List.of("a.csv", "c.csv"),
                        null,
                        0.2,
                        "outcome",
                        List.of(),
                        List.of("age"),
                        List.of())));
    assertEquals(
        dir.resolve("c.csv") + ", line 3, column 1: column 'age' is numeric but holds 'forty'",
        declared.getMessage());
    IllegalArgumentException mixed =
        assertThrows(IllegalArgumentException.class, () -> readSites(List.of("a.csv", "c.csv")));
    assertTrue(
        mixed
            .getMessage()
            .startsWith(
                dir.resolve("c.csv") + ", line 3: column 'age' holds 'forty', but also numbers"),
        mixed.getMessage());
  }

  @Test
  void aSiteWithOneClassIsRefused() throws IOException {
    writeMismatchedSites();
    write("c.csv", "age,outcome", "30,sick", "40,sick");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> readSites(List.of("a.csv", "c.csv")));
    assertTrue(
        e.getMessage()
            .startsWith(
                "site 'c' ('c.csv' (resolved to "
                    + dir.resolve("c.csv")
                    + ")) has rows of only one class, {sick=2}"),
        e.getMessage());
  }

  @Test
  void duplicateSiteNamesAndOverlappingRolesAreRefused() {
    DataFile any = file("a.csv");
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Options(
                    List.of(new Site("x", any), new Site("x", any)),
                    null,
                    0.2,
                    "y",
                    List.of(),
                    List.of(),
                    List.of(),
                    Set.of()));
    assertEquals(
        "table.sites: two sites are named 'x'; site names must differ", twice.getMessage());
    IllegalArgumentException roles =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Options(
                    List.of(new Site("x", any), new Site("z", any)),
                    null,
                    0.2,
                    "y",
                    List.of("y"),
                    List.of(),
                    List.of(),
                    Set.of()));
    assertEquals(
        "table.nominal: column 'y' is already the label; a column has one role",
        roles.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Options(
                List.of(new Site("x", any), new Site("z", any)),
                null,
                0,
                "y",
                List.of(),
                List.of(),
                List.of(),
                Set.of()),
        "no test file, no fraction");
  }

  /** The sites of {@code files}, label outcome, 20% held out, every column's type detected. */
  private SiteTables readSites(List<String> files) throws IOException {
    return SiteTables.read(options(files, null, 0.2, "outcome", List.of(), List.of(), List.of()));
  }
}
