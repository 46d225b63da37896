package io.coopdistill.learners.distill.counterfactual;

/** Validation of options, with messages that name the configuration key. */
final class Checks {
  private Checks() {}

  static void require(boolean ok, String key, Object value, String expected) {
    if (!ok) throw new IllegalArgumentException(key + " must be " + expected + ", got " + value);
  }
}
