package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.TrainingDataException;
import io.coopdistill.learners.model.ConfiguredLearner;
import io.coopdistill.learners.model.TrainingProgress;
import smile.classification.Classifier;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.data.vector.IntVector;
import smile.math.MathEx;

/**
 * What the Smile adapters share, given their name and options ({@code O}): each fits a Smile
 * classifier on the data set's rows as doubles, and this base seeds Smile, wraps the result as a
 * {@link SmileModel} over all of the data set's classes and reports the training loss.
 *
 * <p>Smile labels its outputs by the classes present in the training rows, so a site whose data
 * lacks a class gets a model that gives that class probability 0. A data set with rows of only one
 * class cannot train a classifier and is rejected ({@link TrainingDataException}).
 *
 * <p>Seeding: Smile draws random numbers from a generator per thread ({@link MathEx#setSeed}),
 * shared by all Smile code on that thread. {@link #train} reseeds the calling thread's generator
 * with the training seed before fitting, so that no draw depends on what ran on the thread before;
 * the SVM reseeds it for each binary problem, and the random forest gives Smile one seed per tree,
 * with which Smile seeds whichever fork-join thread grows that tree. Training thus depends only on
 * the data, the options and the seed, not on the thread or on other training runs.
 */
public abstract class SmileLearner<O extends Record> extends ConfiguredLearner<O> {

  /** Column names of the data frames the tree learners see: ours may be anything, even "label". */
  private static final String RESPONSE = "label";

  SmileLearner(String name, O options) {
    super(name, options);
  }

  @Override
  public final SmileModel train(Dataset data, long seed, TrainingProgress progress) {
    TrainingDataException.requireTwoClasses(name(), data);
    MathEx.setSeed(seed);
    SmileModel model =
        SmileModel.of(name(), data.numFeatures(), data.numClasses(), fit(data, seed));
    progress.epochFinished(1, 1, model.crossEntropy(data), Double.NaN);
    return model;
  }

  /**
   * A Smile classifier of double rows trained on {@code data}; its labels are our class indices.
   */
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
}
