package io.coopdistill.learners.model.dl4j;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.LearnerProvider;
import java.util.Set;

/**
 * Provides the DL4J learners {@code mlp} and {@code cnn}; defaults in {@code
 * conf/learners-dl4j.conf}.
 */
public final class Dl4jLearnerProvider implements LearnerProvider {
  @Override
  public Set<String> types() {
    return Set.of("mlp", "cnn");
  }

  @Override
  public Learner create(String type, Config options) {
    try {
      return switch (type) {
        case "mlp" -> new MlpLearner(MlpLearner.Options.from(options));
        case "cnn" -> new CnnLearner(CnnLearner.Options.from(options));
        default ->
            throw new IllegalArgumentException(
                "the DL4J provider has no learner type '" + type + "'");
      };
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException(type + " learner: " + e.getMessage(), e);
    }
  }
}
