package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.TrainingProgress;
import smile.classification.Classifier;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.math.MathEx;

/**
 * What the Smile adapters share: each fits a Smile classifier on the data set's rows as doubles,
 * and this base seeds Smile, wraps the result as a {@link SmileModel} over all of the data set's
 * classes and reports the training loss.
 *
 * <p>Smile labels its outputs by the classes present in the training rows, so a site whose data
 * lacks a class gets a model that gives that class probability 0. A data set with rows of only
 * one class cannot train a classifier and is rejected.
 *
 * <p>Seeding: Smile draws random numbers from a thread-local generator ({@link MathEx#setSeed}).
 * {@link #train} seeds the calling thread's generator with the training seed before fitting, which
 * makes every adapter deterministic for a seed; the random forest instead gives Smile one seed per
 * tree (Smile then seeds its worker threads itself). No other code here relies on that generator.
 */
public abstract class SmileLearner implements Learner {

  /** Column names of the data frames the tree learners see: ours may be anything, even "label". */
  private static final String RESPONSE = "label";

  SmileLearner() {}

  @Override
  public final SmileModel train(Dataset data, long seed, TrainingProgress progress) {
    long present = java.util.Arrays.stream(data.classCounts()).filter(count -> count > 0).count();
    if (present < 2) {
      throw new IllegalArgumentException(name() + " cannot train on " + data + ": it needs rows of at least 2 classes");
    }
    MathEx.setSeed(seed);
    SmileModel model = SmileModel.of(name(), data.numFeatures(), data.numClasses(), fit(data, seed));
    progress.epochFinished(1, 1, model.crossEntropy(data), Double.NaN);
    return model;
  }

  /** A Smile classifier of double rows trained on {@code data}; its labels are our class indices. */
  abstract Classifier<double[]> fit(Dataset data, long seed);

  static double[][] rows(Dataset data) {
    double[][] x = new double[data.size()][];
    for (int i = 0; i < x.length; i++) x[i] = SmileModel.toDouble(data.row(i));
    return x;
  }

  /** The data as a Smile data frame of numeric columns f0, f1, ... and an integer response. */
  static DataFrame dataFrame(Dataset data) {
    String[] names = new String[data.numFeatures()];
    for (int c = 0; c < names.length; c++) names[c] = "f" + c;
    return DataFrame.of(rows(data), names).merge(IntVector.of(RESPONSE, data.labels()));
  }

  static Formula formula() {
    return Formula.lhs(RESPONSE);
  }

  @Override
  public String toString() {
    return name();
  }
}
