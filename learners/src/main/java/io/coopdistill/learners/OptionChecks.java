package io.coopdistill.learners;

/**
 * The one way an options record validates, in its compact constructor: each value against its rule,
 * with a message that names the configuration key, so that bad configuration fails before any work.
 */
public final class OptionChecks {
  private OptionChecks() {}

  /**
   * @throws IllegalArgumentException "{@code key} must be {@code rule}, got {@code value}", unless
   *     {@code valid}
   */
  public static void require(boolean valid, String key, String rule, Object value) {
    if (!valid) throw new IllegalArgumentException(key + " must be " + rule + ", got " + value);
  }
}
