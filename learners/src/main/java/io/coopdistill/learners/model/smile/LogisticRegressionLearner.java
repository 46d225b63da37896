package io.coopdistill.learners.model.smile;

import static io.coopdistill.learners.model.smile.OptionReader.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import smile.classification.Classifier;
import smile.classification.LogisticRegression;

/**
 * Smile's {@link LogisticRegression}, fitted by L-BFGS: binomial for two classes, multinomial
 * (softmax) for more.
 */
public final class LogisticRegressionLearner
    extends SmileLearner<LogisticRegressionLearner.Options> {
  public static final String NAME = "logistic-regression";

  public LogisticRegressionLearner(Options options) {
    super(NAME, options);
  }

  /**
   * ||w||²} (summed over rows, intercept included); 0 diverges on separable data
   *
   * @param tolerance gradient tolerance at which L-BFGS stops
   * @param maxIterations most L-BFGS iterations
   */
  public record Options(double lambda, double tolerance, int maxIterations) {
    public Options {
      require(lambda >= 0, NAME, "lambda", "non-negative", lambda);
      require(tolerance > 0, NAME, "tolerance", "positive", tolerance);
      require(maxIterations >= 1, NAME, "max-iterations", "at least 1", maxIterations);
    }

    public static Options from(Config config) {
      OptionReader read = new OptionReader(NAME, config);
      return new Options(
          read.getDouble("lambda"), read.getDouble("tolerance"), read.getInt("max-iterations"));
    }
  }

  @Override
  Classifier<double[]> fit(Dataset data, long seed) {
    return LogisticRegression.fit(
        rows(data),
        data.labels(),
        options().lambda(),
        options().tolerance(),
        options().maxIterations());
  }
}
