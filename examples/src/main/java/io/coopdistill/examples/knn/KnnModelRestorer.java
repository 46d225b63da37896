package io.coopdistill.examples.knn;

import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelRestorer;

/**
 * Restores {@code knn} snapshots, the models peers send; registered for {@link
 * java.util.ServiceLoader} in META-INF/services/io.coopdistill.learners.model.ModelRestorer.
 */
public final class KnnModelRestorer implements ModelRestorer {
  @Override
  public String format() {
    return KnnModel.FORMAT;
  }

  @Override
  public Model restore(byte[] bytes) {
    return KnnModel.restore(bytes);
  }
}
