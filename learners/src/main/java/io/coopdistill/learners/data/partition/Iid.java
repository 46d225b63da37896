package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

/**
 * Shares drawn at random (Flower's IidPartitioner): the rows shuffled and cut into {@code sites}
 * shares whose sizes differ by at most one, so each site's classes follow the whole set's, up to
 * sampling noise.
 */
public record Iid(int sites) implements Partition {
  public Iid {
    require(sites >= 1, "the number of sites", "at least 1", sites);
  }

  @Override
  public int[][] assign(int[] labels, int classes, long seed) {
    if (labels.length < sites) {
      throw new IllegalArgumentException(
          "iid: " + sites + " sites need a row each, but there are " + labels.length + " rows");
    }
    return Rows.blocks(
        Rows.shuffled(labels.length, Rows.random(seed)), Rows.even(labels.length, sites));
  }
}
