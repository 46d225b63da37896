package io.coopdistill.learners.data.partition;

/**
 * A seeded split of labelled rows among sites. Every partition but {@link Undersample} assigns each
 * row to exactly one site.
 */
public sealed interface Partition permits Undersample, Iid, Dirichlet, Shards, QuantitySkew {

  /** The number of sites the rows go to. */
  int sites();

  /**
   * Splits the rows labelled {@code labels} (class indices in {@code [0, classes)}) among {@link
   * #sites()} sites; the same arguments give the same split.
   *
   * @return per site, the indices of its rows ({@link Undersample}: in the order it draws them; the
   *     others: ascending)
   * @throws IllegalArgumentException when the rows cannot be split so, saying which setting to
   *     change
   */
  int[][] assign(int[] labels, int classes, long seed);
}
