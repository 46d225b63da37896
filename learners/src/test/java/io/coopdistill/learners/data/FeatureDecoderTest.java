package io.coopdistill.learners.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoded rows read back in the data's own columns and units. */
class FeatureDecoderTest {

  private static final Table TABLE =
      new Table(
          "site",
          List.of(
              new Table.NumericColumn("age", new double[] {29, 63, 77.5, 41.25, 54}),
              new Table.NominalColumn(
                  "cp", List.of("1", "2", "3", "typical angina"), new int[] {0, 3, -1, 2, 1}),
              new Table.NumericColumn("chol", new double[] {126, 564, 233.8, 250, 199.125}),
              new Table.NominalColumn("sex", List.of("f", "m"), new int[] {1, 0, 0, 1, 1})),
          List.of("absent", "present"),
          new int[] {0, 1, 1, 0, 1});

  @Test
  void tabularRowsRoundTripExactlyInTheirOwnColumns() {
    TabularEncoding encoding = TabularEncoding.fit(TABLE);
    Dataset encoded = encoding.encode(TABLE, "site");
    FeatureDecoder decoder = encoding.decoder();
    assertEquals(List.of("age", "cp", "chol", "sex"), decoder.columns());
    for (int r = 0; r < TABLE.rows(); r++) {
      String[] expected = new String[TABLE.columns().size()];
      for (int c = 0; c < expected.length; c++) {
        Table.Column column = TABLE.columns().get(c);
        expected[c] =
            column instanceof Table.NumericColumn n
                ? BigDecimal.valueOf(n.values()[r]).stripTrailingZeros().toPlainString()
                : ((Table.NominalColumn) column).codes()[r] < 0
                    ? ""
                    : ((Table.NominalColumn) column)
                        .categories()
                        .get(((Table.NominalColumn) column).codes()[r]);
      }
      assertArrayEquals(expected, decoder.decode(encoded.row(r)), "row " + r);
    }
  }

  @Test
  void aSearchedPointReadsAsItsNearestValues() {
    TabularEncoding encoding = TabularEncoding.fit(TABLE);
    float[] x = new float[encoding.schema().width()];
    x[0] = 0.5f; // age halfway through [29, 77.5]
    x[encoding.columnsOf("cp")[1]] = 0.4f;
    x[encoding.columnsOf("cp")[2]] = 0.7f;
    x[encoding.columnsOf("chol")[0]] = 1f / 3;
    assertArrayEquals(new String[] {"53.25", "3", "272", ""}, encoding.decoder().decode(x));
  }

  @Test
  void pixelsReadAsTheIdxGreyLevels() {
    FeatureDecoder decoder = FashionMnist.decoder();
    float[] image = new float[784];
    String[] expected = new String[784];
    for (int p = 0; p < image.length; p++) {
      image[p] = (p % 256) / 255f;
      expected[p] = Integer.toString(p % 256);
    }
    assertArrayEquals(expected, decoder.decode(image));
    assertEquals("px783", decoder.columns().get(783));
  }

  @Test
  void aRowOfAnotherWidthIsRefused() {
    FeatureDecoder decoder = FeatureDecoder.of(FeatureSchema.unitBox(3));
    assertEquals(List.of("x0", "x1", "x2"), decoder.columns());
    assertArrayEquals(new String[] {"0.25", "1", "0"}, decoder.decode(new float[] {0.25f, 1f, 0f}));
    assertThrows(IllegalArgumentException.class, () -> decoder.decode(new float[2]));
  }
}
