package io.coopdistill.simulation.methods;

import static io.coopdistill.simulation.methods.TestTrials.mlp;
import static io.coopdistill.simulation.methods.TestTrials.semiExperts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.simulation.scenario.Trial;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MixupTest {
  private static final Mixup.Options DEFAULTS = Mixup.Options.fromConfig(ConfigFactory.load());

  @Test
  void runsOnSoftTargetAndOtherLearnersDeterministically() {
    Trial trial = semiExperts(1, mlp(8), TestTrials.smile("naive-bayes"), mlp(8));
    TestTrials.assertRunsDeterministically(new Mixup(DEFAULTS), trial);
  }

  @Test
  void virtualRowsMixTwoOwnRowsAndTheirLabels() {
    Dataset own = TestTrials.blobs("own", 60, 5);
    Mixup.Augmented augmented = Mixup.augment(own, new Mixup.Options(1, 1.5), 7);
    Dataset data = augmented.data();
    assertEquals(60 + 90, data.size());
    for (int n = 0; n < 60; n++) {
      assertSame(own.row(n), data.row(n));
      assertEquals(1f, augmented.targets()[n][own.label(n)]);
      assertFalse(data.isTrainingOnly(n));
    }
    assertArrayEquals(
        own.validationSplit(0.2, 3).second(),
        data.validationSplit(0.2, 3).second(),
        "mixed rows never validate");
    for (int n = 60; n < data.size(); n++) {
      assertTrue(data.isTrainingOnly(n));
      float[] t = augmented.targets()[n];
      assertEquals(1, t[0] + t[1] + t[2], 1e-6);
      int larger = 0;
      for (int c = 1; c < 3; c++) if (t[c] > t[larger]) larger = c;
      assertEquals(t[larger], t[data.label(n)], "row " + n + ": hard label is the larger weight's");
      for (float v : data.row(n))
        assertTrue(v >= 0 && v <= 1, "a convex combination stays in the box: " + v);
    }
    Mixup.Augmented again = Mixup.augment(own, new Mixup.Options(1, 1.5), 7);
    assertTrue(Arrays.deepEquals(data.features(), again.data().features()));
    assertFalse(
        Arrays.deepEquals(
            data.features(), Mixup.augment(own, new Mixup.Options(1, 1.5), 8).data().features()));
  }

  @Test
  void alphaShapesTheMixingWeights() {
    Dataset own = TestTrials.blobs("own", 90, 5);
    // Beta(α, α) with a small α puts most weight near 0 or 1, with a large α near ½.
    assertTrue(nearlyPureShare(Mixup.augment(own, new Mixup.Options(0.05, 5), 3)) > 0.7);
    assertTrue(nearlyPureShare(Mixup.augment(own, new Mixup.Options(5, 5), 3)) < 0.1);
  }

  @Test
  void optionsAreValidatedNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Mixup.Options(0, 1));
    assertTrue(e.getMessage().contains("mixup.alpha"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Mixup.Options(0.2, -1));
    assertTrue(e.getMessage().contains("mixup.samples-per-row"), e.getMessage());
  }

  /**
   * Among virtual rows whose parents have different labels, the share whose larger weight exceeds
   * 0.9.
   */
  private static double nearlyPureShare(Mixup.Augmented augmented) {
    int mixed = 0;
    int pure = 0;
    for (float[] t : augmented.targets()) {
      float top = Math.max(t[0], Math.max(t[1], t[2]));
      if (top == 1f) continue;
      mixed++;
      if (top > 0.9f) pure++;
    }
    return (double) pure / mixed;
  }
}
