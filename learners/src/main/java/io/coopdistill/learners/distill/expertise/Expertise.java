package io.coopdistill.learners.distill.expertise;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Model;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Step 1 of the method, expertise identification: S_i, the rows of one site that model i predicts
 * correctly, with the model's probabilities for every row (the teacher's f_i(x), which the
 * quintessential target y' is built from). It is computed at the site that owns the rows and never
 * leaves it.
 */
public record Expertise(float[][] probabilities, BitSet correct) {

  /** How many rows are scored per {@code predictProba} call: bounds memory on large sites. */
  static final int BATCH = 1024;

  /** Scores every row of {@code site} with {@code model}. */
  public static Expertise identify(Model model, Dataset site) {
    if (model.numFeatures() != site.numFeatures() || model.numClasses() != site.numClasses()) {
      throw new IllegalArgumentException(
          "a model of "
              + model.numFeatures()
              + " features and "
              + model.numClasses()
              + " classes cannot score "
              + site);
    }
    float[][] probabilities = new float[site.size()][];
    BitSet correct = new BitSet(site.size());
    for (int from = 0; from < site.size(); from += BATCH) {
      int to = Math.min(site.size(), from + BATCH);
      float[][] p = model.predictProba(Arrays.copyOfRange(site.features(), from, to));
      for (int n = from; n < to; n++) {
        probabilities[n] = p[n - from];
        if (Model.argmax(p[n - from]) == site.label(n)) correct.set(n);
      }
    }
    return new Expertise(probabilities, correct);
  }

  /** |S_i|: how many of the site's rows the model predicts correctly. */
  public int correctCount() {
    return correct.cardinality();
  }

  /** The model's accuracy on the scored rows. */
  public double accuracy() {
    return probabilities.length == 0 ? Double.NaN : (double) correctCount() / probabilities.length;
  }

  /**
   * The mean over the classes present in {@code scored} (the rows this was identified on) of the
   * share of their rows predicted correctly: unlike accuracy, a constant predictor scores
   * 1/classes.
   */
  public double balancedAccuracy(Dataset scored) {
    if (scored.size() != probabilities.length) {
      throw new IllegalArgumentException(
          "expertise of " + probabilities.length + " rows cannot score " + scored);
    }
    int[] rows = new int[scored.numClasses()];
    int[] right = new int[rows.length];
    for (int n = 0; n < scored.size(); n++) {
      rows[scored.label(n)]++;
      if (correct.get(n)) right[scored.label(n)]++;
    }
    double sum = 0;
    int present = 0;
    for (int c = 0; c < rows.length; c++) {
      if (rows[c] == 0) continue;
      sum += (double) right[c] / rows[c];
      present++;
    }
    return present == 0 ? Double.NaN : sum / present;
  }
}
