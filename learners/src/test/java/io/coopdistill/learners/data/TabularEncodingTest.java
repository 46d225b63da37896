package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coopdistill.learners.data.TabularEncoding.Nominal;
import io.coopdistill.learners.data.TabularEncoding.Numeric;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabularEncodingTest {
  private static final List<String> CLASSES = List.of("no", "yes");

  private static Table.NumericColumn numeric(String name, double... values) {
    return new Table.NumericColumn(name, values);
  }

  private static Table.NominalColumn nominal(String name, List<String> categories, int... codes) {
    return new Table.NominalColumn(name, categories, codes);
  }

  /** Site A: age and colour; site B: age (wider range), size, and colour with another category. */
  private final Table siteA =
      new Table(
          "a",
          List.of(
              numeric("age", 20, 40, Double.NaN),
              nominal("colour", List.of("red", "blue"), 0, 1, -1)),
          CLASSES,
          new int[] {0, 1, 1});

  private final Table siteB =
      new Table(
          "b",
          List.of(
              numeric("age", 10, 30),
              numeric("size", 5, 5),
              nominal("colour", List.of("blue", "green"), 1, 0)),
          CLASSES,
          new int[] {1, 0});

  @Test
  void fitScalesNumericOneHotsNominalAndZeroesMissing() {
    TabularEncoding encoding = TabularEncoding.fit(siteA);
    assertEquals(
        List.of(new Numeric("age", 20, 40), new Nominal("colour", List.of("red", "blue"))),
        encoding.features());
    FeatureSchema schema = encoding.schema();
    assertEquals(List.of("age", "colour=red", "colour=blue"), schema.columns());
    assertEquals(1, schema.oneHotGroups().size());
    assertArrayEquals(new int[] {1, 2}, schema.oneHotGroups().get(0).columns());
    Dataset data = encoding.encode(siteA, "a");
    assertArrayEquals(new float[] {0, 1, 0}, data.row(0));
    assertArrayEquals(new float[] {1, 0, 1}, data.row(1));
    assertArrayEquals(new float[] {0, 0, 0}, data.row(2));
    assertArrayEquals(new int[] {0, 1, 1}, data.labels());
  }

  @Test
  void unionMergesFeaturesRangesAndCategories() {
    TabularEncoding union =
        TabularEncoding.union(List.of(TabularEncoding.fit(siteA), TabularEncoding.fit(siteB)));
    assertEquals(
        List.of(
            new Numeric("age", 10, 40),
            new Numeric("size", 5, 5),
            new Nominal("colour", List.of("red", "blue", "green"))),
        union.features());
    assertEquals(
        List.of("age", "size", "colour=red", "colour=blue", "colour=green"),
        union.schema().columns());
    assertArrayEquals(new int[] {2, 3, 4}, union.columnsOf("colour"));
    // A's rows: no size column, so 0 there; age rescaled to B's wider range.
    Dataset a = union.encode(siteA, "a");
    assertArrayEquals(new float[] {1 / 3f, 0, 1, 0, 0}, a.row(0), 1e-6f);
    assertArrayEquals(new float[] {1, 0, 0, 1, 0}, a.row(1), 1e-6f);
    Dataset b = union.encode(siteB, "b");
    assertArrayEquals(new float[] {0, 0, 0, 0, 1}, b.row(0), 1e-6f);
    assertArrayEquals(new float[] {2 / 3f, 0, 0, 1, 0}, b.row(1), 1e-6f);
  }

  @Test
  void outOfRangeValuesClampAndUnseenCategoriesEncodeAsMissing() {
    TabularEncoding encoding = TabularEncoding.fit(siteA);
    Table test =
        new Table(
            "test",
            List.of(
                numeric("age", 5, 90),
                nominal("colour", List.of("green", "red"), 0, 1),
                numeric("unknown", 1, 2)),
            CLASSES,
            new int[] {0, 0});
    Dataset encoded = encoding.encode(test, "test");
    assertArrayEquals(new float[] {0, 0, 0}, encoded.row(0));
    assertArrayEquals(new float[] {1, 1, 0}, encoded.row(1));
  }

  @Test
  void mismatchesAreRejected() {
    Table otherClasses =
        new Table("c", List.of(numeric("age", 1)), List.of("x", "y"), new int[] {0});
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TabularEncoding.union(
                List.of(TabularEncoding.fit(siteA), TabularEncoding.fit(otherClasses))));
    Table nominalAge =
        new Table("d", List.of(nominal("age", List.of("old"), 0)), CLASSES, new int[] {0});
    assertThrows(
        IllegalArgumentException.class,
        () ->
            TabularEncoding.union(
                List.of(TabularEncoding.fit(siteA), TabularEncoding.fit(nominalAge))));
    assertThrows(
        IllegalArgumentException.class, () -> TabularEncoding.fit(siteA).encode(nominalAge, "d"));
    Table empty = new Table("e", List.of(numeric("age", Double.NaN)), CLASSES, new int[] {0});
    assertThrows(IllegalArgumentException.class, () -> TabularEncoding.fit(empty));
  }
}
