package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.SiteTables.DataFile;
import io.coopdistill.learners.data.SiteTables.Options;
import io.coopdistill.learners.data.SiteTables.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sites' files as spreadsheet programs and hand edits write them: a UTF-8 byte-order mark with CRLF
 * line ends, headers spelled differently, semicolons with decimal commas, tabs. Each must read with
 * its columns aligned to the other site's, or stop with an error that says what to set.
 */
class ExportedTablesTest {
  @TempDir Path dir;

  /** Site b, unless a test writes another: a plain comma-separated file with LF line ends. */
  @BeforeEach
  void writePlainSiteB() throws IOException {
    write(
        "b.csv",
        "age,colour,score,label\n40,blue,2.5,well\n50,\"red, dark\",3.5,sick\n60,green,4,well\n");
  }

  /** Writes {@code text} as it is: no line end added, none translated, UTF-8. */
  private void write(String name, String text) throws IOException {
    Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Options options(
      Map<String, String> rename, String delimiter, String decimal, String test) {
    List<Site> sites = List.of(new Site("a", file("a.csv")), new Site("b", file("b.csv")));
    return new Options(
        sites,
        test == null ? null : file(test),
        0.2,
        "label",
        List.of(),
        List.of(),
        List.of(),
        Set.of("", "?"),
        rename,
        delimiter,
        decimal);
  }

  private DataFile file(String name) {
    return new DataFile(name, dir.resolve(name));
  }

  private static SiteData split(Options options) {
    return SiteTables.read(options).split(0);
  }

  /**
   * Both sites read, with site a's file as given: each reports age, colour and score, in the one
   * column of that name.
   */
  private SiteData readAligned(String siteA, String delimiter, String decimal) throws IOException {
    write("a.csv", siteA);
    SiteData data = split(options(Map.of(), delimiter, decimal, null));
    assertEquals(
        List.of(List.of(), List.of()),
        data.droppedFeatures(),
        "no site lacks a column the other has");
    assertEquals(
        Set.of("age", "colour", "score"),
        Set.copyOf(data.union().features().stream().map(TabularEncoding.Feature::name).toList()));
    return data;
  }

  @Test
  void aByteOrderMarkWithCrlfAndAQuotedCommaReadsAsThePlainFile() throws IOException {
    SiteData data =
        readAligned(
            "\uFEFFage,colour,score,label\r\n30,\"red, dark\",1.5,sick\r\n70,blue,0.5,well\r\n",
            "auto",
            "auto");
    assertEquals(
        new TabularEncoding.Numeric("age", 30, 70),
        data.union().feature("age").orElseThrow(),
        "bounds of both sites' ages");
    assertEquals(
        List.of("blue", "green", "red, dark"),
        ((TabularEncoding.Nominal) data.union().feature("colour").orElseThrow()).categories(),
        "the quoted comma is in the value");
  }

  @Test
  void aByteOrderMarkIsSkippedByEveryReader() throws IOException {
    write("site.csv", "\uFEFF\"age\",label\r\n1,0\r\n");
    Table csv =
        CsvReader.read(
            dir.resolve("site.csv"),
            TableSpec.builder("label").classes("0", "1").numeric("age").build());
    assertEquals(List.of("age"), csv.columnNames(), "a quoted first name after the mark");
    write(
        "site.arff",
        "\uFEFF% exported\r\n@relation site\r\n@attribute age numeric\r\n@attribute label {0, 1}\r\n@data\r\n1,0\r\n");
    Table arff =
        ArffReader.read(
            dir.resolve("site.arff"), TableSpec.builder("label").classes("0", "1").build());
    assertEquals(List.of("age"), arff.columnNames());
  }

  @Test
  void namesThatDifferOnlyInCaseStopTheRunNamingBothSpellingsAndFilesUntilRenamed()
      throws IOException {
    write("a.csv", "Age ,colour,score,label\n30,red,1.5,sick\n70,blue,0.5,well\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SiteTables.read(options(Map.of(), "auto", "auto", null)));
    assertEquals(
        "column names differ only in case: 'Age' (a.csv) and 'age' (b.csv). A column needs one name in every file: correct "
            + "the files, or map the other spellings to one with table.rename, e.g. table.rename { \"age\" = \"Age\" }",
        e.getMessage());

    assertEquals(
        List.of(List.of(), List.of()),
        split(options(Map.of("Age", "age"), "auto", "auto", null)).droppedFeatures(),
        "renamed, a's Age is b's age");
  }

  @Test
  void aTestFileSpelledInAnotherCaseIsAnErrorNotAnIgnoredColumn() throws IOException {
    write("a.csv", "age,colour,score,label\n30,red,1.5,sick\n70,blue,0.5,well\n");
    write("test.csv", "AGE,colour,score,Label\n45,red,1,sick\n");
    DataFormatException label =
        assertThrows(
            DataFormatException.class,
            () -> SiteTables.read(options(Map.of(), "auto", "auto", "test.csv")));
    assertEquals(
        dir.resolve("test.csv")
            + ", line 1: label column 'label' not found; the columns are [AGE, colour, score, Label]; 'Label' "
            + "differs from it only in case: spell it the same in every file, or set table.rename { \"Label\" = \"label\" }",
        label.getMessage());
    IllegalArgumentException age =
        assertThrows(
            IllegalArgumentException.class,
            () -> SiteTables.read(options(Map.of("Label", "label"), "auto", "auto", "test.csv")));
    assertTrue(
        age.getMessage()
            .startsWith(
                "column names differ only in case: 'age' (a.csv, b.csv) and 'AGE' (test.csv)."),
        age.getMessage());

    SiteData data =
        split(options(Map.of("Label", "label", "AGE", "age"), "auto", "auto", "test.csv"));
    assertEquals(
        0.375f,
        data.test().row(0)[data.test().schema().columns().indexOf("age")],
        1e-6,
        "the test row's age, (45 - 30) / 40");
  }

  @Test
  void aRenameOfAColumnNoFileHasOrOntoAnotherOfTheFilesColumnsIsRefused() throws IOException {
    write("a.csv", "age,colour,score,label\n30,red,1.5,sick\n70,blue,0.5,well\n");
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> SiteTables.read(options(Map.of("Agee", "age"), "auto", "auto", null)));
    assertEquals(
        "table.rename names column 'Agee', which no file has; the columns are [age, colour, score, label]",
        unknown.getMessage());
    DataFormatException twice =
        assertThrows(
            DataFormatException.class,
            () -> SiteTables.read(options(Map.of("score", "age"), "auto", "auto", null)));
    assertTrue(
        twice
            .getMessage()
            .endsWith(
                "line 1: columns 'age' and 'score' are both read as 'age' (table.rename); a file's columns need "
                    + "different names"),
        twice.getMessage());
  }

  @Test
  void semicolonsWithDecimalCommasAreDetected() throws IOException {
    // As a spreadsheet in a German or French locale saves "CSV": semicolons, decimal commas, CRLF.
    SiteData data =
        readAligned(
            "age;colour;score;label\r\n30;red;1,5;sick\r\n70;\"blue; light\";0,25;well\r\n",
            "auto",
            "auto");
    assertEquals(
        new TabularEncoding.Numeric("score", 0.25, 4),
        data.union().feature("score").orElseThrow(),
        "1,5 and 0,25 are numbers");
    assertTrue(
        ((TabularEncoding.Nominal) data.union().feature("colour").orElseThrow())
            .categories()
            .contains("blue; light"));

    assertEquals(
        new TabularEncoding.Numeric("score", 0.25, 4),
        readAligned(
                "age;colour;score;label\r\n30;red;1.5;sick\r\n70;blue;0.25;well\r\n",
                "auto",
                "auto")
            .union()
            .feature("score")
            .orElseThrow(),
        "decimal points in a semicolon file are still numbers");
    assertEquals(
        new TabularEncoding.Numeric("score", 0.25, 4),
        readAligned(
                "age,colour,score,label\r\n30,red,\"1,5\",sick\r\n70,blue,\"0,25\",well\r\n",
                "auto",
                ",")
            .union()
            .feature("score")
            .orElseThrow(),
        "table.decimal = \",\" reads quoted decimal commas in a comma-separated file");
  }

  @Test
  void tabsAreDetectedAndAnyDelimiterCanBeSet() throws IOException {
    String tabs = "age\tcolour\tscore\tlabel\r\n30\tred\t1.5\tsick\r\n70\tblue\t0.5\twell\r\n";
    readAligned(tabs, "auto", "auto");
    write("b.csv", "age\tcolour\tscore\tlabel\n40\tblue\t2.5\twell\n50\tred\t3.5\tsick\n");
    readAligned(tabs, "tab", "auto");
    write("b.csv", "age|colour|score|label\n40|blue|2.5|well\n50|red|3.5|sick\n");
    readAligned("age|colour|score|label\n30|red|1.5|sick\n70|blue|0.5|well\n", "|", "auto");
  }

  @Test
  void aHeaderReadAsOneColumnSaysWhichDelimiterItAppearsToUseAndTheKeyToSet() throws IOException {
    write("a.csv", "age;colour;score;label\n30;red;1,5;sick\n70;blue;0,5;well\n");
    DataFormatException comma =
        assertThrows(
            DataFormatException.class, () -> SiteTables.read(options(Map.of(), ",", "auto", null)));
    assertEquals(
        dir.resolve("a.csv")
            + ", line 1: label column 'label' not found; the columns are [age;colour;score;label]; the header line "
            + "reads as one column, but appears to separate its columns by ';': set table.delimiter = \";\"",
        comma.getMessage());
    write("a.csv", "age|colour|score|label\n30|red|1.5|sick\n");
    assertTrue(
        assertThrows(
                DataFormatException.class,
                () -> SiteTables.read(options(Map.of(), "auto", "auto", null)))
            .getMessage()
            .endsWith("by '|': set table.delimiter = \"|\""));
    write("a.csv", "age\tcolour\tscore\tlabel\n30\tred\t1.5\tsick\n");
    assertTrue(
        assertThrows(
                DataFormatException.class,
                () -> SiteTables.read(options(Map.of(), ";", "auto", null)))
            .getMessage()
            .endsWith("by tabs: set table.delimiter = tab"));
  }

  @Test
  void theNewKeysAreReadFromHoconAndValidated() {
    Options options =
        Options.fromConfig(
            ConfigFactory.parseString(
                """
        sites = [{ name = a, file = a.csv }, { name = b, file = b.csv }]
        test = "", test-fraction = 0.2, label = label, nominal = [], numeric = [], ignore = [], missing-values = ["", "?"]
        rename { "Age" = age, "blood.pressure" = bp }
        delimiter = tab
        decimal = ","
        """),
            dir);
    assertEquals(Map.of("Age", "age", "blood.pressure", "bp"), options.rename());
    assertEquals(new CsvReader.Dialect(Optional.of('\t'), Optional.of(',')), options.dialect());
    assertEquals(CsvReader.Dialect.DETECT, options(Map.of(), "auto", "auto", null).dialect());

    assertEquals(
        "table.delimiter must be auto, tab or one character other than a letter, digit, space, quote or line break, got ';;'",
        assertThrows(IllegalArgumentException.class, () -> options(Map.of(), ";;", "auto", null))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> options(Map.of(), "x", "auto", null));
    assertEquals(
        "table.decimal must be auto, \".\" or \",\", got 'comma'",
        assertThrows(IllegalArgumentException.class, () -> options(Map.of(), "auto", "comma", null))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> options(Map.of("a", "b", "b", "c"), "auto", "auto", null))
            .getMessage()
            .contains("a column is renamed once"));
  }

  @Test
  void detectionPrefersTheMostFrequentDelimiterOutsideQuotes() {
    assertEquals(Optional.of(';'), CsvReader.mostFrequent("\"weight, kg\";age;label", ",;\t"));
    assertEquals(Optional.of(','), CsvReader.mostFrequent("a;b,c", ",;\t"), "a tie: comma");
    assertEquals(Optional.empty(), CsvReader.mostFrequent("label", ",;\t"));
  }

  @Test
  void decimalCommasAreOnlyReadAsNumbersWhereTheyAreWholeNumbers() throws IOException {
    write("site.csv", "x;y;label\n1,5;\"1,5 kg\";0\n-0,25;1.234,5;1\n");
    Table table =
        CsvReader.read(
            dir.resolve("site.csv"),
            TableSpec.builder("label").classes("0", "1").numeric("x").nominal("y").build());
    assertArrayEquals(
        new double[] {1.5, -0.25},
        ((Table.NumericColumn) table.column("x").orElseThrow()).values());
    assertEquals(
        List.of("1,5 kg", "1.234,5"),
        ((Table.NominalColumn) table.column("y").orElseThrow()).categories(),
        "text stays text");
  }
}
