package io.coopdistill.learners.model.smile;

import java.util.Arrays;
import java.util.Locale;
import smile.base.cart.SplitRule;

/** Smile's tree split criteria under their configuration names: gini, entropy, classification-error. */
final class SplitRules {
  private SplitRules() {}

  static SplitRule parse(String learner, String key, String name) {
    for (SplitRule rule : SplitRule.values()) {
      if (configName(rule).equals(name)) return rule;
    }
    throw new IllegalArgumentException(learner + " option '" + key + "' must be one of "
        + Arrays.stream(SplitRule.values()).map(SplitRules::configName).toList() + ", got '" + name + "'");
  }

  static String configName(SplitRule rule) {
    return rule.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
