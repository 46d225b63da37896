package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableReadersTest {
  @TempDir Path dir;

  private static final TableSpec HEART_LIKE =
      TableSpec.builder("target")
          .binariseAbove(0, "absent", "present")
          .numeric("age", "chol")
          .nominal("sex")
          .nominal("cp", "1", "2", "3", "4")
          .drop("id")
          .columnMissingValues("chol", "0")
          .build();

  private Path write(String name, String... lines) throws IOException {
    return Files.write(dir.resolve(name), List.of(lines));
  }

  private DataFormatException csvError(String... lines) throws IOException {
    Path file = write("bad.csv", lines);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> CsvReader.read(file, HEART_LIKE));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
    return e;
  }

  @Test
  void readsCsvWithMissingValuesAndCanonicalCategories() throws IOException {
    Path file =
        write(
            "site.csv",
            "id,age,sex,cp,chol,target",
            "1,63.0,1.0,4.0,233,0",
            "2,41,0,2,,3",
            "",
            "3, 50 ,?,1,0,1");
    Table table = CsvReader.read(file, HEART_LIKE);
    assertEquals("site", table.name());
    assertEquals(List.of("age", "sex", "cp", "chol"), table.columnNames());
    assertArrayEquals(new int[] {0, 1, 1}, table.labels());
    assertEquals(List.of("absent", "present"), table.classNames());
    var age = (Table.NumericColumn) table.column("age").orElseThrow();
    assertArrayEquals(new double[] {63, 41, 50}, age.values());
    var sex = (Table.NominalColumn) table.column("sex").orElseThrow();
    assertEquals(List.of("0", "1"), sex.categories()); // "1.0" and "1" are one category
    assertArrayEquals(new int[] {1, 0, -1}, sex.codes());
    var cp = (Table.NominalColumn) table.column("cp").orElseThrow();
    assertArrayEquals(new int[] {3, 1, 0}, cp.codes());
    var chol = (Table.NumericColumn) table.column("chol").orElseThrow();
    assertEquals(233, chol.values()[0]);
    assertTrue(
        Double.isNaN(chol.values()[1]) && Double.isNaN(chol.values()[2]),
        "empty and the column's code 0 are missing");
    assertEquals(2.0 / 3, table.missingFraction(chol), 1e-12);
    assertEquals(List.of("chol"), table.columnsMissingAtLeast(0.5));
    assertEquals(List.of("sex", "chol"), table.columnsMissingAtLeast(0.3));
  }

  @Test
  void raggedRowNamesLineAndFirstMissingColumn() throws IOException {
    DataFormatException e = csvError("id,age,sex,cp,chol,target", "1,63,1,4,233,0", "2,41,0,2,1");
    assertEquals("line 3, column 6", e.location());
    assertTrue(e.getMessage().contains("5 fields, the header has 6"), e.getMessage());
  }

  @Test
  void unknownNominalValueNamesLineColumnAndCategories() throws IOException {
    DataFormatException e =
        csvError("id,age,sex,cp,chol,target", "1,63,1,4,233,0", "2,41,0,5,200,0");
    assertEquals("line 3, column 4", e.location());
    assertTrue(e.getMessage().contains("'cp'") && e.getMessage().contains("'5'"), e.getMessage());
  }

  @Test
  void nonNumericValueNamesLineAndColumn() throws IOException {
    DataFormatException e = csvError("id,age,sex,cp,chol,target", "1,sixty,1,4,233,0");
    assertEquals("line 2, column 2", e.location());
    assertTrue(e.getMessage().contains("'age' is numeric but holds 'sixty'"), e.getMessage());
    assertEquals(
        "line 2, column 2", csvError("id,age,sex,cp,chol,target", "1,NaN,1,4,233,0").location());
  }

  @Test
  void labelColumnMissingOrUnknownLabel() throws IOException {
    DataFormatException noColumn = csvError("id,age,sex,cp,chol,outcome", "1,63,1,4,233,0");
    assertEquals("line 1", noColumn.location());
    assertTrue(
        noColumn.getMessage().contains("label column 'target' not found"), noColumn.getMessage());
    assertEquals(
        "line 2, column 6", csvError("id,age,sex,cp,chol,target", "1,63,1,4,233,?").location());
    assertEquals(
        "line 2, column 6", csvError("id,age,sex,cp,chol,target", "1,63,1,4,233,sick").location());
  }

  @Test
  void emptyFileAndUndeclaredColumns() throws IOException {
    DataFormatException empty = csvError();
    assertEquals("line 1", empty.location());
    assertTrue(empty.getMessage().contains("empty file"), empty.getMessage());
    assertTrue(csvError("id,age,sex,cp,chol,target").getMessage().contains("no data rows"));
    assertTrue(
        csvError("id,age,sex,cp,chol,bmi,target", "1,63,1,4,233,25,0")
            .getMessage()
            .contains("'bmi' is not declared"));
    assertTrue(
        csvError("id,age,sex,cp,target", "1,63,1,4,0")
            .getMessage()
            .contains("'chol', which the file lacks"));
  }

  @Test
  void malformedQuotingNamesLine() throws IOException {
    DataFormatException e =
        csvError("id,age,sex,cp,chol,target", "1,63,1,4,233,0", "2,\"41,0,2,1,1");
    assertEquals("line 3", e.location());
  }

  private static final String[] ARFF = {
    "% a comment",
    "@relation credit",
    "",
    "@attribute checking { '<0', 'no checking', '>=200'}",
    "@attribute duration numeric",
    "@attribute 'job title' {skilled, 'unskilled resident'}",
    "@attribute class {good, bad}",
    "@data",
    "'<0',6,skilled,good",
    "'no checking', 48 ,?,bad",
  };

  @Test
  void readsArffWithDeclaredTypes() throws IOException {
    Path file = write("credit.arff", ARFF);
    Table table = ArffReader.read(file, TableSpec.builder("class").classes("good", "bad").build());
    assertEquals(List.of("checking", "duration", "job title"), table.columnNames());
    assertArrayEquals(new int[] {0, 1}, table.labels());
    var checking = (Table.NominalColumn) table.column("checking").orElseThrow();
    assertEquals(List.of("<0", "no checking", ">=200"), checking.categories());
    assertArrayEquals(new int[] {0, 1}, checking.codes());
    assertArrayEquals(
        new double[] {6, 48},
        ((Table.NumericColumn) table.column("duration").orElseThrow()).values());
    assertArrayEquals(
        new int[] {0, -1}, ((Table.NominalColumn) table.column("job title").orElseThrow()).codes());
  }

  @Test
  void arffUnknownNominalValueAndBadNumber() throws IOException {
    TableSpec spec = TableSpec.builder("class").classes("good", "bad").build();
    String[] unknown = ARFF.clone();
    unknown[9] = "'sometimes',48,skilled,bad";
    Path file = write("unknown.arff", unknown);
    DataFormatException e =
        assertThrows(DataFormatException.class, () -> ArffReader.read(file, spec));
    assertEquals("line 10, column 1", e.location());
    assertTrue(
        e.getMessage().contains("'sometimes' is not among the declared categories"),
        e.getMessage());
    String[] badNumber = ARFF.clone();
    badNumber[8] = "'<0',six,skilled,good";
    Path file2 = write("number.arff", badNumber);
    assertEquals(
        "line 9, column 2",
        assertThrows(DataFormatException.class, () -> ArffReader.read(file2, spec)).location());
    Path empty = write("empty.arff");
    assertTrue(
        assertThrows(DataFormatException.class, () -> ArffReader.read(empty, spec))
            .getMessage()
            .contains("empty file"));
    Path noLabel = write("nolabel.arff", ARFF);
    TableSpec other = TableSpec.builder("risk").classes("good", "bad").build();
    assertEquals(
        "line 8",
        assertThrows(DataFormatException.class, () -> ArffReader.read(noLabel, other)).location());
  }

  @Test
  void specFromHoconEqualsSpecInCode() {
    TableSpec parsed =
        TableSpec.fromConfig(
            ConfigFactory.parseString(
                """
        label-column = target
        label { binarise-above = 0, class-names = [absent, present] }
        numeric-columns = [age, chol]
        nominal-columns = [sex, cp]
        categories { cp = [1, 2, 3, 4.0] }
        drop-columns = [id]
        column-missing-values { chol = [0] }
        """));
    assertEquals(HEART_LIKE, parsed);
  }

  @Test
  void badSpecsAreRejectedNamingTheKey() {
    var twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> TableSpec.builder("y").classes("a", "b").numeric("x").nominal("x").build());
    assertTrue(twice.getMessage().contains("'x' is declared twice"), twice.getMessage());
    var oneClass =
        assertThrows(
            IllegalArgumentException.class, () -> TableSpec.builder("y").classes("a").build());
    assertTrue(oneClass.getMessage().contains("label.class-names"), oneClass.getMessage());
    var categories =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TableSpec.fromConfig(
                    ConfigFactory.parseString(
                        "label-column = y, label.class-names = [a, b], numeric-columns = [x], categories { x = [1] }")));
    assertTrue(categories.getMessage().contains("categories names 'x'"), categories.getMessage());
    var missingLabel =
        assertThrows(
            IllegalArgumentException.class,
            () -> TableSpec.fromConfig(ConfigFactory.parseString("label-column = y")));
    assertTrue(missingLabel.getMessage().contains("label"), missingLabel.getMessage());
  }
}
