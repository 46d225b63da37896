package io.coopdistill.learners.distill;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Uniform draws without replacement from a seed: the one way the round's steps sample (per-pair and
 * per-student budgets, a many-agent round's candidate teachers), so that a seed gives the same draw
 * in both runtimes.
 */
public final class RandomDraw {
  private RandomDraw() {}

  /**
   * {@code count} of {@code values} (not changed), drawn uniformly without replacement with {@code
   * seed}, in the order drawn.
   */
  public static int[] of(int[] values, int count, long seed) {
    if (count < 0 || count > values.length)
      throw new IllegalArgumentException(
          "cannot draw " + count + " of " + values.length + " values");
    int[] pool = values.clone();
    SplittableRandom random = new SplittableRandom(seed);
    // Partial Fisher-Yates: position k receives a uniform pick among those not drawn yet.
    for (int k = 0; k < count; k++) {
      int pick = k + random.nextInt(pool.length - k);
      int t = pool[k];
      pool[k] = pool[pick];
      pool[pick] = t;
    }
    return Arrays.copyOf(pool, count);
  }

  /** As {@link #of}, in increasing order. */
  public static int[] sorted(int[] values, int count, long seed) {
    int[] drawn = of(values, count, seed);
    Arrays.sort(drawn);
    return drawn;
  }
}
