package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.OptionChecks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/**
 * Reads one learner's options from its configuration, turning Typesafe Config's errors (missing
 * key, wrong type) into ones that name the learner type and the key.
 */
record OptionReader(String learner, Config config) {

  int getInt(String key) {
    try {
      return config.getInt(key);
    } catch (ConfigException e) {
      throw unreadable(key, e);
    }
  }

  double getDouble(String key) {
    try {
      return config.getDouble(key);
    } catch (ConfigException e) {
      throw unreadable(key, e);
    }
  }

  String getString(String key) {
    try {
      return config.getString(key);
    } catch (ConfigException e) {
      throw unreadable(key, e);
    }
  }

  private IllegalArgumentException unreadable(String key, ConfigException e) {
    return new IllegalArgumentException(learner + " option '" + key + "': " + e.getMessage(), e);
  }

  /** For the Options records' compact constructors: fails naming the learner, key and rule. */
  static void require(boolean valid, String learner, String key, String rule, Object value) {
    OptionChecks.require(valid, learner + " option '" + key + "'", rule, value);
  }
}
