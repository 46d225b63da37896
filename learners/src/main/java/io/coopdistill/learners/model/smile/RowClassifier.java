package io.coopdistill.learners.model.smile;

import smile.classification.Classifier;
import smile.data.Tuple;
import smile.data.type.StructType;

/**
 * A Smile data-frame classifier (tree, forest) seen as a classifier of plain rows, so that every
 * Smile model is scored and serialised alike. {@code predictors} is the model's predictor schema:
 * rows are handed over as tuples of exactly those columns.
 */
record RowClassifier(Classifier<Tuple> model, StructType predictors)
    implements Classifier<double[]> {

  Tuple tuple(double[] row) {
    return Tuple.of(row, predictors);
  }

  @Override
  public int numClasses() {
    return model.numClasses();
  }

  @Override
  public int[] classes() {
    return model.classes();
  }

  @Override
  public int predict(double[] row) {
    return model.predict(tuple(row));
  }

  @Override
  public boolean soft() {
    return model.soft();
  }

  @Override
  public int predict(double[] row, double[] posteriori) {
    return model.predict(tuple(row), posteriori);
  }
}
