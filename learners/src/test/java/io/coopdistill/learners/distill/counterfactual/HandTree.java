package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.TreeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A decision tree built in test code: x[feature] ≤ threshold goes left. */
final class HandTree implements TreeModel {
  sealed interface Node permits Split, Terminal {}

  record Split(int feature, float threshold, Node left, Node right) implements Node {}

  record Terminal(float[] posterior) implements Node {}

  private final Node root;
  private final int features;
  private final int classes;

  HandTree(Node root, int features, int classes) {
    this.root = root;
    this.features = features;
    this.classes = classes;
  }

  /**
   * A random full tree of the given depth, splitting random columns at thresholds in (0.1, 0.9);
   * each leaf posterior leans towards one random class.
   */
  static HandTree random(int depth, int features, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    return new HandTree(grow(depth, features, classes, random), features, classes);
  }

  private static Node grow(int depth, int features, int classes, SplittableRandom random) {
    if (depth == 0) {
      float[] p = new float[classes];
      int favourite = random.nextInt(classes);
      double sum = 0;
      for (int k = 0; k < classes; k++)
        sum += p[k] = (float) (random.nextDouble() * (k == favourite ? 6 : 1));
      for (int k = 0; k < classes; k++) p[k] /= sum;
      return new Terminal(p);
    }
    int feature = random.nextInt(features);
    float threshold = (float) (0.1 + 0.8 * random.nextDouble());
    return new Split(
        feature,
        threshold,
        grow(depth - 1, features, classes, random),
        grow(depth - 1, features, classes, random));
  }

  @Override
  public int numFeatures() {
    return features;
  }

  @Override
  public int numClasses() {
    return classes;
  }

  @Override
  public float[][] predictProba(float[][] x) {
    float[][] p = new float[x.length][];
    for (int n = 0; n < x.length; n++) {
      Node node = root;
      while (node instanceof Split s)
        node = x[n][s.feature()] <= s.threshold() ? s.left() : s.right();
      p[n] = ((Terminal) node).posterior().clone();
    }
    return p;
  }

  @Override
  public List<Leaf> leaves() {
    List<Leaf> leaves = new ArrayList<>();
    float[] lo = new float[features];
    float[] hi = new float[features];
    Arrays.fill(lo, Float.NEGATIVE_INFINITY);
    Arrays.fill(hi, Float.POSITIVE_INFINITY);
    collect(root, lo, hi, leaves);
    return leaves;
  }

  private static void collect(Node node, float[] lo, float[] hi, List<Leaf> out) {
    if (node instanceof Terminal t) {
      out.add(new Leaf(lo.clone(), hi.clone(), t.posterior().clone()));
      return;
    }
    Split s = (Split) node;
    float[] leftHi = hi.clone();
    leftHi[s.feature()] = Math.min(hi[s.feature()], s.threshold());
    collect(s.left(), lo, leftHi, out);
    float[] rightLo = lo.clone();
    rightLo[s.feature()] = Math.max(lo[s.feature()], Math.nextUp(s.threshold()));
    collect(s.right(), rightLo, hi, out);
  }

  /** Every threshold the tree splits column {@code feature} at. */
  List<Float> thresholds(int feature) {
    List<Float> out = new ArrayList<>();
    collectThresholds(root, feature, out);
    return out;
  }

  private static void collectThresholds(Node node, int feature, List<Float> out) {
    if (node instanceof Split s) {
      if (s.feature() == feature) out.add(s.threshold());
      collectThresholds(s.left(), feature, out);
      collectThresholds(s.right(), feature, out);
    }
  }

  @Override
  public ModelSnapshot snapshot() {
    throw new UnsupportedOperationException("test model");
  }
}
