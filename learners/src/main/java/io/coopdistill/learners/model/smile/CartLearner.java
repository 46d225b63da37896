package io.coopdistill.learners.model.smile;

import static io.coopdistill.learners.model.smile.OptionReader.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import smile.base.cart.SplitRule;
import smile.classification.Classifier;
import smile.classification.DecisionTree;

/**
 * A CART decision tree (Smile's {@link DecisionTree}); its models are {@link CartModel}s with
 * exposed leaves.
 */
public final class CartLearner extends SmileLearner<CartLearner.Options> {
  public static final String NAME = "cart";

  public CartLearner(Options options) {
    super(NAME, options);
  }

  /**
   * @param maxDepth deepest path from root to leaf
   * @param maxNodes most leaves, 0 for no limit but {@code nodeSize}
   * @param nodeSize fewest training rows in a leaf (a node smaller than twice this is not split)
   * @param splitRule impurity the splits minimise
   */
  public record Options(int maxDepth, int maxNodes, int nodeSize, SplitRule splitRule) {
    public Options {
      require(maxDepth >= 1, NAME, "max-depth", "at least 1", maxDepth);
      require(
          maxNodes == 0 || maxNodes >= 2,
          NAME,
          "max-nodes",
          "0 (no limit) or at least 2",
          maxNodes);
      require(nodeSize >= 1, NAME, "node-size", "at least 1", nodeSize);
      require(splitRule != null, NAME, "split-rule", "set", splitRule);
    }

    public static Options from(Config config) {
      OptionReader read = new OptionReader(NAME, config);
      return new Options(
          read.getInt("max-depth"),
          read.getInt("max-nodes"),
          read.getInt("node-size"),
          SplitRules.parse(NAME, "split-rule", read.getString("split-rule")));
    }
  }

  @Override
  Classifier<double[]> fit(Dataset data, long seed) {
    DecisionTree tree =
        DecisionTree.fit(
            formula(),
            dataFrame(data),
            options().splitRule(),
            options().maxDepth(),
            options().maxNodes() == 0 ? Integer.MAX_VALUE : options().maxNodes(),
            options().nodeSize());
    return new RowClassifier(tree, tree.schema());
  }
}
