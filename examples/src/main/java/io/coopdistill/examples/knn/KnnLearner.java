package io.coopdistill.examples.knn;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.TrainingProgress;

/**
 * k-nearest neighbours (Smile's {@code KNN}, Euclidean distance) as a coopdistill learner, made by
 * {@link KnnLearnerProvider} for {@code learner { type = knn }}. Training only keeps the rows, so
 * the seed does not matter; a site needs at least k rows.
 */
public final class KnnLearner implements Learner {
  public static final String NAME = "knn";

  private final int k;

  public KnnLearner(int k) {
    if (k < 1)
      throw new IllegalArgumentException(NAME + " option 'k' must be at least 1, got " + k);
    this.k = k;
  }

  /**
   * From the learner's options (the spec over coopdistill.learners.knn, whose default is in this
   * jar's reference.conf).
   */
  static KnnLearner fromConfig(Config options) {
    return ConfigSections.read(NAME + " option 'k'", () -> new KnnLearner(options.getInt("k")));
  }

  public int k() {
    return k;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int minimumRows() {
    return k;
  }

  @Override
  public KnnModel train(Dataset data, long seed, TrainingProgress progress) {
    if (data.size() < k)
      throw new IllegalArgumentException(
          NAME + " with k = " + k + " cannot train on " + data + ": it needs at least k rows");
    KnnModel model = new KnnModel(k, data.numClasses(), data.features(), data.labels());
    progress.epochFinished(1, 1, Double.NaN, Double.NaN);
    return model;
  }

  @Override
  public String toString() {
    return NAME + "(k=" + k + ")";
  }
}
