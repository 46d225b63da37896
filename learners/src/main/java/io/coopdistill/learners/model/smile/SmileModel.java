package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import smile.classification.Classifier;
import smile.classification.DecisionTree;

/**
 * A trained Smile classifier as a {@link Model}.
 *
 * <p>Smile's posterior covers only the classes it saw in training, in the order of {@link
 * Classifier#classes()}; this model spreads it over all {@code numClasses} classes, giving unseen
 * ones probability 0. Thread safety: Smile models are not changed by prediction (they have no
 * online updates here), and each call works on its own arrays.
 */
public class SmileModel implements Model {
  private final String learner;
  private final int numFeatures;
  private final int numClasses;
  private final Classifier<double[]> classifier;
  private final int[] classes;

  SmileModel(String learner, int numFeatures, int numClasses, Classifier<double[]> classifier) {
    this.learner = learner;
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    this.classifier = classifier;
    this.classes = classifier.classes().clone();
    for (int c : classes) {
      if (c < 0 || c >= numClasses) {
        throw new IllegalArgumentException(
            learner + " model predicts class " + c + ", outside [0, " + numClasses + ")");
      }
    }
  }

  /** The model for {@code classifier}: a {@link CartModel} for a single decision tree. */
  static SmileModel of(
      String learner, int numFeatures, int numClasses, Classifier<double[]> classifier) {
    if (classifier instanceof RowClassifier rows && rows.model() instanceof DecisionTree) {
      return new CartModel(learner, numFeatures, numClasses, rows);
    }
    return new SmileModel(learner, numFeatures, numClasses, classifier);
  }

  /** The learner type that trained this model, e.g. {@code svm}. */
  public String learner() {
    return learner;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public float[][] predictProba(float[][] x) {
    float[][] p = new float[x.length][];
    double[] posterior = new double[classes.length];
    for (int n = 0; n < x.length; n++) {
      if (x[n].length != numFeatures) {
        throw new IllegalArgumentException(
            learner
                + " model: row "
                + n
                + " has "
                + x[n].length
                + " features, the model takes "
                + numFeatures);
      }
      classifier.predict(toDouble(x[n]), posterior);
      p[n] = spread(posterior);
    }
    return p;
  }

  /** A posterior over Smile's classes as one over all classes, 0 for those unseen in training. */
  final float[] spread(double[] smilePosterior) {
    float[] p = new float[numClasses];
    for (int i = 0; i < classes.length; i++) p[classes[i]] = (float) smilePosterior[i];
    return p;
  }

  /** Mean cross-entropy of the predicted posterior against the labels of {@code data}. */
  double crossEntropy(Dataset data) {
    float[][] p = predictProba(data.features());
    double sum = 0;
    for (int n = 0; n < p.length; n++) sum -= Math.log(Math.max(p[n][data.label(n)], 1e-12));
    return sum / p.length;
  }

  @Override
  public ModelSnapshot snapshot() {
    return new ModelSnapshot(
        SmileSnapshot.FORMAT,
        new SmileSnapshot(learner, numFeatures, numClasses, classifier).toBytes());
  }

  Classifier<double[]> classifier() {
    return classifier;
  }

  static double[] toDouble(float[] row) {
    double[] d = new double[row.length];
    for (int c = 0; c < row.length; c++) d[c] = row[c];
    return d;
  }

  @Override
  public String toString() {
    return learner + " model (" + numFeatures + " features, " + numClasses + " classes)";
  }
}
