package io.coopdistill.learners.model.smile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.TreeModel;
import io.coopdistill.learners.model.TreeModel.Leaf;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import smile.base.cart.SplitRule;

class CartModelTest {
  private static final int WIDTH = 4;
  private static CartModel tree;

  @BeforeAll
  static void trainOverlappingBlobs() {
    // Overlapping classes and small leaves make a tree with many leaves and mixed posteriors.
    Dataset data = Blobs.generate(3, WIDTH, 200, 0.2, 11);
    tree =
        (CartModel)
            new CartLearner(new CartLearner.Options(12, 0, 3, SplitRule.GINI)).train(data, 1);
    assertTrue(
        tree.leaves().size() > 20,
        "expected a bushy tree, got " + tree.leaves().size() + " leaves");
  }

  @Test
  void everyPointLiesInExactlyOneLeafWhosePosteriorIsThePrediction() {
    List<float[]> points = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(5);
    for (int n = 0; n < 20_000; n++) {
      float[] x = new float[WIDTH];
      for (int c = 0; c < WIDTH; c++) x[c] = (float) (random.nextDouble() * 1.4 - 0.2);
      points.add(x);
    }
    // The bounds themselves, and the floats just outside them, are where rounding would show.
    for (Leaf leaf : tree.leaves()) {
      for (int c = 0; c < WIDTH; c++) {
        for (float edge : new float[] {leaf.lower()[c], leaf.upper()[c]}) {
          if (Float.isInfinite(edge)) continue;
          for (float v : new float[] {Math.nextDown(edge), edge, Math.nextUp(edge)}) {
            float[] x = inside(leaf, random);
            x[c] = v;
            points.add(x);
          }
        }
      }
    }
    float[][] x = points.toArray(new float[0][]);
    float[][] p = tree.predictProba(x);
    for (int n = 0; n < x.length; n++) {
      Leaf containing = null;
      for (Leaf leaf : tree.leaves()) {
        if (contains(leaf, x[n])) {
          assertEquals(null, containing, "point in two leaves");
          containing = leaf;
        }
      }
      assertTrue(containing != null, "point in no leaf");
      assertArrayEquals(p[n], containing.posterior(), 0f);
    }
  }

  @Test
  void leafPosteriorsAreProbabilities() {
    for (Leaf leaf : tree.leaves()) {
      float sum = 0;
      for (float q : leaf.posterior()) {
        assertTrue(q > 0, "CART posteriors are Laplace-smoothed counts");
        sum += q;
      }
      assertEquals(1f, sum, 1e-5f);
    }
  }

  @Test
  void restoredTreeHasTheSameLeaves() {
    TreeModel restored = assertInstanceOf(TreeModel.class, tree.snapshot().restore());
    assertEquals(tree.leaves().size(), restored.leaves().size());
    for (int i = 0; i < tree.leaves().size(); i++) {
      Leaf a = tree.leaves().get(i);
      Leaf b = restored.leaves().get(i);
      assertArrayEquals(a.lower(), b.lower(), 0f);
      assertArrayEquals(a.upper(), b.upper(), 0f);
      assertArrayEquals(a.posterior(), b.posterior(), 0f);
    }
  }

  private static boolean contains(Leaf leaf, float[] x) {
    for (int c = 0; c < x.length; c++)
      if (!(leaf.lower()[c] <= x[c] && x[c] <= leaf.upper()[c])) return false;
    return true;
  }

  /** A random point of the leaf's box, within [-1, 2] where the box is unbounded. */
  private static float[] inside(Leaf leaf, SplittableRandom random) {
    float[] x = new float[WIDTH];
    for (int c = 0; c < WIDTH; c++) {
      double lo = Math.max(leaf.lower()[c], -1);
      double hi = Math.min(leaf.upper()[c], 2);
      x[c] = (float) Math.min(hi, Math.max(lo, lo + random.nextDouble() * (hi - lo)));
    }
    return x;
  }
}
