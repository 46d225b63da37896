package io.coopdistill.learners.model.smile;

import io.coopdistill.learners.ConfigEnums;
import smile.base.cart.SplitRule;

/**
 * Smile's tree split criteria under their configuration names: gini, entropy, classification-error.
 */
final class SplitRules {
  private SplitRules() {}

  static SplitRule parse(String learner, String key, String name) {
    return ConfigEnums.parse(SplitRule.class, name, learner + " option '" + key + "'");
  }
}
