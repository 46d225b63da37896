package io.coopdistill.examples.knn;

import com.typesafe.config.Config;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.LearnerProvider;
import java.util.Set;

/**
 * Makes {@code type = knn} learners; registered for {@link java.util.ServiceLoader} in
 * META-INF/services/io.coopdistill.learners.model.LearnerProvider.
 */
public final class KnnLearnerProvider implements LearnerProvider {
  @Override
  public Set<String> types() {
    return Set.of(KnnLearner.NAME);
  }

  @Override
  public Learner create(String type, Config options) {
    if (!type.equals(KnnLearner.NAME))
      throw new IllegalArgumentException(
          "this provider makes " + KnnLearner.NAME + ", not '" + type + "'");
    return KnnLearner.fromConfig(options);
  }
}
