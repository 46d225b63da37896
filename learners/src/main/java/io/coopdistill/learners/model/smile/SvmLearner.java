package io.coopdistill.learners.model.smile;

import static io.coopdistill.learners.model.smile.OptionReader.require;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import io.coopdistill.learners.data.Dataset;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.StatUtils;
import smile.classification.Classifier;
import smile.classification.OneVersusRest;
import smile.classification.PlattScaling;
import smile.classification.SVM;
import smile.math.MathEx;
import smile.math.kernel.GaussianKernel;
import smile.util.IntSet;

/**
 * A kernel SVM with a Gaussian kernel (Smile's LASVM solver) and Platt-calibrated probabilities:
 * one SVM per class against the rest, each with a Platt scaling fitted on its training scores, in
 * Smile's {@link OneVersusRest}, whose posterior is the normalised Platt probabilities.
 *
 * <p>Smile's own {@code OneVersusRest.fit} needs more than two classes and trains in parallel on
 * threads whose random generators we cannot seed, so the binary SVMs are trained here, one after
 * the other, each after seeding Smile (LASVM visits the rows in a random order). For two classes a
 * single SVM is trained and the first class is scored by its mirror image.
 */
public final class SvmLearner extends SmileLearner<SvmLearner.Options> {
  public static final String NAME = "svm";

  public SvmLearner(Options options) {
    super(NAME, options);
  }

  /**
   * @param c soft-margin penalty
   * @param tolerance LASVM's tolerance on the KKT conditions
   * @param epochs passes of LASVM over the rows
   * @param sigma Gaussian kernel width, {@code k(x, y) = exp(-||x - y||² / (2 sigma²))}; empty for
   *     scikit-learn's "scale" heuristic, {@code sigma² = width * Var(x) / 2} over all values of
   *     the training rows
   */
  public record Options(double c, double tolerance, int epochs, OptionalDouble sigma) {
    public Options {
      require(c > 0 && Double.isFinite(c), NAME, "c", "positive", c);
      require(tolerance > 0, NAME, "tolerance", "positive", tolerance);
      require(epochs >= 1, NAME, "epochs", "at least 1", epochs);
      require(
          sigma != null && (sigma.isEmpty() || sigma.getAsDouble() > 0),
          NAME,
          "sigma",
          "'scale' or positive",
          sigma);
    }

    public static Options from(Config config) {
      OptionReader read = new OptionReader(NAME, config);
      boolean scale =
          config.hasPath("sigma")
              && config.getValue("sigma").valueType() == ConfigValueType.STRING
              && read.getString("sigma").equals("scale");
      return new Options(
          read.getDouble("c"),
          read.getDouble("tolerance"),
          read.getInt("epochs"),
          scale ? OptionalDouble.empty() : OptionalDouble.of(read.getDouble("sigma")));
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  Classifier<double[]> fit(Dataset data, long seed) {
    double[][] x = rows(data);
    int[] counts = data.classCounts();
    int[] present = IntStream.range(0, counts.length).filter(k -> counts[k] > 0).toArray();
    GaussianKernel kernel = new GaussianKernel(options().sigma().orElseGet(() -> scaleSigma(x)));
    SplittableRandom seeds = new SplittableRandom(seed);

    Classifier<double[]>[] oneVersusRest = new Classifier[present.length];
    PlattScaling[] platt = new PlattScaling[present.length];
    int first = present.length == 2 ? 1 : 0;
    for (int i = first; i < present.length; i++) {
      int[] y = signs(data.labels(), present[i]);
      MathEx.setSeed(seeds.nextLong());
      oneVersusRest[i] =
          SVM.fit(x, y, kernel, options().c(), options().tolerance(), options().epochs());
      platt[i] = PlattScaling.fit(oneVersusRest[i], x, y);
    }
    if (first == 1) {
      SVM<double[]> svm = (SVM<double[]>) oneVersusRest[1];
      double[] mirrored = Arrays.stream(svm.weights()).map(w -> -w).toArray();
      oneVersusRest[0] = new SVM<>(svm.kernel(), svm.vectors(), mirrored, -svm.intercept());
      platt[0] = PlattScaling.fit(oneVersusRest[0], x, signs(data.labels(), present[0]));
    }
    return new OneVersusRest<>(oneVersusRest, platt, new IntSet(present));
  }

  /** +1 for the rows of class k, -1 for the rest, as Smile's binary SVM wants. */
  private static int[] signs(int[] labels, int k) {
    return Arrays.stream(labels).map(label -> label == k ? 1 : -1).toArray();
  }

  private static double scaleSigma(double[][] x) {
    double variance =
        StatUtils.populationVariance(Arrays.stream(x).flatMapToDouble(Arrays::stream).toArray());
    // Identical rows give no scale; any width then separates nothing, so take 1.
    return variance > 0 ? Math.sqrt(x[0].length * variance / 2) : 1;
  }
}
