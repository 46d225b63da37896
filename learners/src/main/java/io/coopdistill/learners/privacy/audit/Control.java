package io.coopdistill.learners.privacy.audit;

/**
 * The audit's positive controls: private rows sent as they are, which any membership attack worth
 * its figures must flag. Each is scored through the same attack as the site's instances, its
 * members being the rows it copies; an attack that flags fewer than {@link #FLAGGED} of them at 1%
 * false positives cannot show that anything else is safe, and the audit calls it insensitive.
 */
public enum Control {
  /** The rows the site's instances came from, sent unchanged instead. */
  SOURCE_ROWS("source-rows"),
  /** A random {@link #RANDOM_SHARE} of the site's rows, sent unchanged. */
  RANDOM_ROWS("random-5pct");

  /** The share of the site's rows the random control copies (at least one row). */
  public static final double RANDOM_SHARE = 0.05;

  /**
   * The least true-positive rate at 1% false positives on every control for the attack to count as
   * sensitive.
   */
  public static final double FLAGGED = 0.5;

  private final String key;

  Control(String key) {
    this.key = key;
  }

  /** Its name in results.json. */
  public String key() {
    return key;
  }
}
