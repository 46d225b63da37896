package io.coopdistill.learners.model;

import com.typesafe.config.Config;
import java.util.Set;

/**
 * Makes learners of the types it knows from their configuration. Providers are found with {@link
 * java.util.ServiceLoader} (listed in {@code
 * META-INF/services/io.coopdistill.learners.model.LearnerProvider}), so the DL4J and Smile
 * adapters, and a user's own, plug in the same way.
 */
public interface LearnerProvider {

  /** The {@code type} values this provider understands, e.g. {@code cnn}, {@code cart}. */
  Set<String> types();

  /**
   * A learner of {@code type} whose hyper-parameters are read from {@code options} (already merged
   * with that type's defaults from {@code conf/}).
   *
   * @throws IllegalArgumentException naming the key when an option is missing or out of range
   */
  Learner create(String type, Config options);
}
