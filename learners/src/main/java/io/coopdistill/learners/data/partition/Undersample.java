package io.coopdistill.learners.data.partition;

import static io.coopdistill.learners.OptionChecks.require;

import io.coopdistill.learners.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's semi-experts: each site draws its rows from the shuffled pool, without overlap while
 * the pool lasts (then from its start again; a site of rows = 0 takes all of it), and keeps only
 * {@code 1 - fraction} of its undersampled class. Sites may share rows, and rows may go to no site.
 *
 * @param shares one per site, in order
 * @param fraction the share of a site's undersampled class that it loses, in [0, 1]
 */
public record Undersample(List<Share> shares, double fraction) implements Partition {

  /**
   * One site's draw.
   *
   * @param rows the rows it draws before undersampling; 0 = the whole pool
   * @param undersampledClass the class it sees little of, or -1 for none
   */
  public record Share(int rows, int undersampledClass) {}

  public Undersample {
    shares = List.copyOf(shares);
    require(!shares.isEmpty(), "the number of sites", "at least 1", 0);
    require(fraction >= 0 && fraction <= 1, "scenario.undersample-fraction", "in [0, 1]", fraction);
  }

  @Override
  public int sites() {
    return shares.size();
  }

  @Override
  public int[][] assign(int[] labels, int classes, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] order = Dataset.permutation(labels.length, random.nextLong());
    int[][] sites = new int[shares.size()][];
    int next = 0;
    for (int i = 0; i < sites.length; i++) {
      Share share = shares.get(i);
      int rows = share.rows() == 0 ? labels.length : share.rows();
      if (rows > labels.length)
        throw new IllegalArgumentException(
            "site " + i + " wants " + rows + " rows; the pool has " + labels.length);
      if (share.rows() == 0 || next + rows > labels.length) next = 0;
      List<Integer> kept = new ArrayList<>();
      for (int n = next; n < next + rows; n++) {
        if (labels[order[n]] == share.undersampledClass() && random.nextDouble() < fraction)
          continue;
        kept.add(order[n]);
      }
      next += rows;
      sites[i] = kept.stream().mapToInt(Integer::intValue).toArray();
    }
    return sites;
  }
}
