package io.coopdistill.learners.model.smile;

import com.typesafe.config.Config;
import io.coopdistill.learners.ConfigSections;
import io.coopdistill.learners.OptionChecks;
import java.util.function.Supplier;

/**
 * Reads one learner's options from its configuration, turning Typesafe Config's errors (missing
 * key, wrong type) into ones that name the learner type and the key.
 */
record OptionReader(String learner, Config config) {

  int getInt(String key) {
    return read(key, () -> config.getInt(key));
  }

  double getDouble(String key) {
    return read(key, () -> config.getDouble(key));
  }

  String getString(String key) {
    return read(key, () -> config.getString(key));
  }

  private <T> T read(String key, Supplier<T> reading) {
    return ConfigSections.read(learner + " option '" + key + "'", reading);
  }

  /** For the Options records' compact constructors: fails naming the learner, key and rule. */
  static void require(boolean valid, String learner, String key, String rule, Object value) {
    OptionChecks.require(valid, learner + " option '" + key + "'", rule, value);
  }
}
