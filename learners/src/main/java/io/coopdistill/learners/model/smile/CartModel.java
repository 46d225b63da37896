package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.model.TreeModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import smile.base.cart.DecisionNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.classification.DecisionTree;
import smile.data.Tuple;
import smile.data.type.StructType;

/**
 * A Smile CART tree with its leaves exposed as boxes, for the exact counterfactual search.
 *
 * <p>Smile tests {@code x <= threshold} in double precision on our float inputs. A leaf's box
 * bounds are therefore the largest float sent to the true child (its upper bound) and the next
 * float up (the false child's lower bound), so that every float point of a box reaches exactly its
 * leaf, and the leaf posterior is computed by the same code as {@link #predictProba}.
 */
public final class CartModel extends SmileModel implements TreeModel {
  private final List<Leaf> leaves;

  CartModel(String learner, int numFeatures, int numClasses, RowClassifier tree) {
    super(learner, numFeatures, numClasses, tree);
    List<Leaf> found = new ArrayList<>();
    float[] lower = new float[numFeatures];
    float[] upper = new float[numFeatures];
    Arrays.fill(lower, Float.NEGATIVE_INFINITY);
    Arrays.fill(upper, Float.POSITIVE_INFINITY);
    collectLeaves(((DecisionTree) tree.model()).root(), tree, lower, upper, found);
    this.leaves = List.copyOf(found);
  }

  /** Every leaf; callers must treat the returned arrays as read-only. */
  @Override
  public List<Leaf> leaves() {
    return leaves;
  }

  private void collectLeaves(
      Node node, RowClassifier tree, float[] lower, float[] upper, List<Leaf> found) {
    if (node instanceof DecisionNode leaf) {
      found.add(
          new Leaf(
              lower.clone(),
              upper.clone(),
              spread(leaf.posteriori(new double[leaf.count().length]))));
      return;
    }
    if (!(node instanceof OrdinalNode split)) {
      // Our data frames hold only numeric columns, so Smile makes no nominal splits.
      throw new IllegalStateException(
          "unexpected " + node.getClass().getSimpleName() + " in a tree over numeric columns");
    }
    int c = split.feature();
    float lastTrue = largestFloatSentToTrueChild(split, tree.predictors(), c);
    float savedUpper = upper[c];
    upper[c] = Math.min(savedUpper, lastTrue);
    collectLeaves(split.trueChild(), tree, lower, upper, found);
    upper[c] = savedUpper;
    float savedLower = lower[c];
    lower[c] = Math.max(savedLower, Math.nextUp(lastTrue));
    collectLeaves(split.falseChild(), tree, lower, upper, found);
    lower[c] = savedLower;
  }

  /**
   * Smile keeps a split's threshold private, but its test {@code x[c] <= threshold} is monotone in
   * x[c], so a binary search over the floats, in their numeric order, finds the largest float that
   * passes it exactly.
   */
  private static float largestFloatSentToTrueChild(
      OrdinalNode split, StructType predictors, int c) {
    double[] row = new double[predictors.length()];
    Tuple at = Tuple.of(row, predictors);
    long passes = orderKey(Float.NEGATIVE_INFINITY);
    long fails = orderKey(Float.POSITIVE_INFINITY);
    row[c] = Float.POSITIVE_INFINITY;
    if (split.branch(at)) return Float.POSITIVE_INFINITY;
    while (fails - passes > 1) {
      long mid = (passes + fails) >>> 1;
      row[c] = fromOrderKey(mid);
      if (split.branch(at)) passes = mid;
      else fails = mid;
    }
    return fromOrderKey(passes);
  }

  /** A key whose integer order is the numeric order of non-NaN floats (-0 just below +0). */
  private static long orderKey(float f) {
    int bits = Float.floatToRawIntBits(f);
    return (long) (bits >= 0 ? bits : bits ^ 0x7FFFFFFF) - Integer.MIN_VALUE;
  }

  private static float fromOrderKey(long key) {
    int bits = (int) (key + Integer.MIN_VALUE);
    return Float.intBitsToFloat(bits >= 0 ? bits : bits ^ 0x7FFFFFFF);
  }
}
