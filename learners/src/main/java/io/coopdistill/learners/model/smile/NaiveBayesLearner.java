package io.coopdistill.learners.model.smile;

import static io.coopdistill.learners.model.smile.OptionReader.require;

import com.typesafe.config.Config;
import io.coopdistill.learners.data.Dataset;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.StatUtils;
import smile.classification.Classifier;
import smile.classification.NaiveBayes;
import smile.stat.distribution.Distribution;
import smile.stat.distribution.GaussianDistribution;
import smile.util.IntSet;

/**
 * Gaussian naive Bayes: Smile's {@link NaiveBayes} over one {@link GaussianDistribution} per class
 * and column, fitted here by maximum likelihood with the classes' frequencies as priors.
 *
 * <p>A column constant within a class (common for one-hot columns) has variance 0, for which the
 * density is undefined; as in scikit-learn, every variance gets {@code varianceSmoothing} times the
 * largest column variance added, so densities stay finite.
 */
public final class NaiveBayesLearner extends SmileLearner<NaiveBayesLearner.Options> {
  public static final String NAME = "naive-bayes";

  public NaiveBayesLearner(Options options) {
    super(NAME, options);
  }

  /**
   * @param varianceSmoothing added to every variance, as a fraction of the largest column variance
   */
  public record Options(double varianceSmoothing) {
    public Options {
      require(
          varianceSmoothing > 0 && Double.isFinite(varianceSmoothing),
          NAME,
          "variance-smoothing",
          "positive",
          varianceSmoothing);
    }

    public static Options from(Config config) {
      return new Options(new OptionReader(NAME, config).getDouble("variance-smoothing"));
    }
  }

  @Override
  Classifier<double[]> fit(Dataset data, long seed) {
    int width = data.numFeatures();
    int[] counts = data.classCounts();
    int[] present = IntStream.range(0, counts.length).filter(k -> counts[k] > 0).toArray();

    int[] all = IntStream.range(0, data.size()).toArray();
    double largest = 0;
    for (int c = 0; c < width; c++)
      largest = Math.max(largest, StatUtils.populationVariance(column(data, all, c)));
    // With every column constant there is no scale to smooth by: fall back to the unit scale.
    double smoothing = options().varianceSmoothing() * (largest > 0 ? largest : 1);

    double[] priors = new double[present.length];
    Distribution[][] densities = new Distribution[present.length][width];
    for (int i = 0; i < present.length; i++) {
      int k = present[i];
      int[] members = IntStream.range(0, data.size()).filter(n -> data.label(n) == k).toArray();
      priors[i] = members.length / (double) data.size();
      for (int c = 0; c < width; c++) {
        double[] values = column(data, members, c);
        double mean = StatUtils.mean(values);
        densities[i][c] =
            new GaussianDistribution(
                mean, Math.sqrt(StatUtils.populationVariance(values, mean) + smoothing));
      }
    }
    return new NaiveBayes(priors, densities, new IntSet(present));
  }

  /** Column c of the given rows. */
  private static double[] column(Dataset data, int[] rows, int c) {
    double[] values = new double[rows.length];
    for (int i = 0; i < rows.length; i++) values[i] = data.row(rows[i])[c];
    return values;
  }
}
