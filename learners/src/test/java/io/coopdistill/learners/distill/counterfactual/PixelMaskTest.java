package io.coopdistill.learners.distill.counterfactual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PixelMaskTest {

  @Test
  void keepsExactlyTheFractionOfMostVariablePixelsPerClass() {
    FeatureSchema schema = FeatureSchema.images(new FeatureSchema.ImageShape(1, 10, 10));
    SplittableRandom random = new SplittableRandom(3);
    float[][] x = new float[300][100];
    int[] y = new int[300];
    for (int n = 0; n < x.length; n++) {
      y[n] = n % 3;
      for (int c = 0; c < 100; c++) {
        // Class k varies strongly on pixels [30k, 30k + 40), barely elsewhere.
        boolean strong = c >= 30 * y[n] && c < 30 * y[n] + 40;
        x[n][c] = (float) (0.5 + (strong ? 0.4 : 0.01) * (random.nextDouble() - 0.5));
      }
    }
    Dataset data = new Dataset("teacher", schema, List.of("a", "b", "c"), x, y);
    for (double fraction : new double[] {0.5, 0.4, 0.25, 0.03}) {
      PixelMask mask = PixelMask.mostVariable(data, fraction);
      for (int k = 0; k < 3; k++) {
        assertEquals(
            Math.round(fraction * 100),
            mask.movableCount(k),
            "class " + k + ", fraction " + fraction);
        boolean[] movable = mask.movable(k);
        int strongKept = 0;
        for (int c = 30 * k; c < 30 * k + 40; c++) if (movable[c]) strongKept++;
        assertEquals(
            Math.min(40, Math.round(fraction * 100)),
            strongKept,
            "most variable pixels kept first");
      }
    }
  }

  @Test
  void fractionOutsideUnitIntervalIsRejectedByKey() {
    FeatureSchema schema = FeatureSchema.images(new FeatureSchema.ImageShape(1, 2, 2));
    Dataset data =
        new Dataset("d", schema, List.of("a", "b"), new float[][] {{0, 0, 0, 0}}, new int[] {0});
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> PixelMask.mostVariable(data, 1.5));
    assertTrue(e.getMessage().contains("mask-fraction"));
  }
}
