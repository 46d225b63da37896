package io.coopdistill.learners.model.smile;

import static io.coopdistill.learners.model.smile.OptionReader.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import java.util.SplittableRandom;
import smile.base.cart.SplitRule;
import smile.classification.Classifier;
import smile.classification.RandomForest;

/**
 * Smile's {@link RandomForest}: bagged CART trees whose posteriors are averaged, each tree weighted
 * by its out-of-bag accuracy. Smile grows the trees in parallel on the common fork-join pool; each
 * tree gets its own seed drawn from the training seed, so the forest does not depend on scheduling.
 */
public final class RandomForestLearner extends SmileLearner<RandomForestLearner.Options> {
  public static final String NAME = "random-forest";

  public RandomForestLearner(Options options) {
    super(NAME, options);
  }

  /**
   * @param trees number of trees
   * @param mtry columns tried at each split, 0 for the square root of the number of columns
   * @param maxDepth deepest path from root to leaf
   * @param maxNodes most leaves per tree, 0 for no limit but {@code nodeSize}
   * @param nodeSize fewest training rows in a leaf
   * @param subsample fraction of rows each tree trains on: 1 samples with replacement (bootstrap),
   *     below 1 without
   * @param splitRule impurity the splits minimise
   */
  public record Options(
      int trees,
      int mtry,
      int maxDepth,
      int maxNodes,
      int nodeSize,
      double subsample,
      SplitRule splitRule) {
    public Options {
      require(trees >= 1, NAME, "trees", "at least 1", trees);
      require(mtry >= 0, NAME, "mtry", "0 (square root of the columns) or positive", mtry);
      require(maxDepth >= 1, NAME, "max-depth", "at least 1", maxDepth);
      require(
          maxNodes == 0 || maxNodes >= 2,
          NAME,
          "max-nodes",
          "0 (no limit) or at least 2",
          maxNodes);
      require(nodeSize >= 1, NAME, "node-size", "at least 1", nodeSize);
      require(subsample > 0 && subsample <= 1, NAME, "subsample", "in (0, 1]", subsample);
      require(splitRule != null, NAME, "split-rule", "set", splitRule);
    }

    public static Options from(Config config) {
      OptionReader read = new OptionReader(NAME, config);
      return new Options(
          read.getInt("trees"),
          read.getInt("mtry"),
          read.getInt("max-depth"),
          read.getInt("max-nodes"),
          read.getInt("node-size"),
          read.getDouble("subsample"),
          SplitRules.parse(NAME, "split-rule", read.getString("split-rule")));
    }
  }

  @Override
  Classifier<double[]> fit(Dataset data, long seed) {
    if (options().mtry() > data.numFeatures()) {
      throw new IllegalArgumentException(
          NAME
              + " option 'mtry' is "
              + options().mtry()
              + " but "
              + data
              + " has only "
              + data.numFeatures()
              + " columns");
    }
    // Smile seeds a tree's thread only for seeds above 1, and needs them distinct.
    RandomForest forest;
    try {
      forest =
          RandomForest.fit(
              formula(),
              dataFrame(data),
              options().trees(),
              options().mtry(),
              options().splitRule(),
              options().maxDepth(),
              options().maxNodes() == 0 ? Integer.MAX_VALUE : options().maxNodes(),
              options().nodeSize(),
              options().subsample(),
              null,
              new SplittableRandom(seed).longs(2, Long.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      if (e.getMessage() == null || !e.getMessage().contains("binary classification")) throw e;
      // Smile 3.1.1 scores each tree on its out-of-bag rows with binary metrics when those rows
      // hold
      // exactly two classes, which fails unless the two are classes 0 and 1.
      throw new IllegalArgumentException(
          NAME
              + " cannot train on "
              + data
              + ": a tree's out-of-bag rows held two classes other than 0 and 1, which Smile 3.1.1 cannot score;"
              + " give the site more rows of its rare classes or use another learner",
          e);
    }
    return new RowClassifier(forest, forest.schema());
  }
}
