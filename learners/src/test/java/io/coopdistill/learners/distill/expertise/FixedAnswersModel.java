package io.coopdistill.learners.distill.expertise;

import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;

/**
 * A test model whose answer for each row is fixed: row features are {row id}, the answer is
 * answers[id].
 */
final class FixedAnswersModel implements Model {
  private final int[] answers;
  private final int numClasses;

  FixedAnswersModel(int numClasses, int... answers) {
    this.answers = answers;
    this.numClasses = numClasses;
  }

  @Override
  public int numFeatures() {
    return 1;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public float[][] predictProba(float[][] x) {
    float[][] p = new float[x.length][numClasses];
    for (int n = 0; n < x.length; n++) {
      int answer = answers[(int) x[n][0]];
      for (int c = 0; c < numClasses; c++) p[n][c] = c == answer ? 0.7f : 0.3f / (numClasses - 1);
    }
    return p;
  }

  @Override
  public ModelSnapshot snapshot() {
    throw new UnsupportedOperationException("test model");
  }
}
