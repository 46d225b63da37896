package io.coopdistill.learners.data.partition;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.util.MathArrays;

/**
 * What the partitions share: their generator, shuffled row indices, and cutting them into sites.
 */
final class Rows {
  private Rows() {}

  /** The generator of one split (commons-math3's, which its distributions draw from). */
  static RandomGenerator random(long seed) {
    return new Well19937c(seed);
  }

  /** The indices {@code 0 .. n - 1}, shuffled. */
  static int[] shuffled(int n, RandomGenerator random) {
    int[] order = IntStream.range(0, n).toArray();
    MathArrays.shuffle(order, random);
    return order;
  }

  /** The indices of the rows of class {@code c}, shuffled. */
  static int[] shuffledOfClass(int[] labels, int c, RandomGenerator random) {
    int[] members = IntStream.range(0, labels.length).filter(i -> labels[i] == c).toArray();
    MathArrays.shuffle(members, random);
    return members;
  }

  /**
   * {@code total} split in proportion to {@code weights} (not all 0), each share rounded down and
   * the rows left over given one each to the largest remainders (the first such site on ties).
   */
  static int[] apportion(int total, double[] weights) {
    double sum = Arrays.stream(weights).sum();
    int[] shares = new int[weights.length];
    double[] remainders = new double[weights.length];
    int given = 0;
    for (int i = 0; i < weights.length; i++) {
      double quota = total * weights[i] / sum;
      shares[i] = (int) Math.floor(quota);
      remainders[i] = quota - shares[i];
      given += shares[i];
    }
    Integer[] byRemainder = IntStream.range(0, weights.length).boxed().toArray(Integer[]::new);
    Arrays.sort(byRemainder, (a, b) -> Double.compare(remainders[b], remainders[a]));
    for (int k = 0; given < total; k++, given++) shares[byRemainder[k % weights.length]]++;
    return shares;
  }

  /**
   * Site i gets the next {@code sizes[i]} of {@code order}, one after the other; each site's
   * indices sorted.
   */
  static int[][] blocks(int[] order, int[] sizes) {
    int[][] sites = new int[sizes.length][];
    int next = 0;
    for (int i = 0; i < sizes.length; i++) {
      sites[i] = Arrays.copyOfRange(order, next, next + sizes[i]);
      Arrays.sort(sites[i]);
      next += sizes[i];
    }
    return sites;
  }

  /** The j-th next {@code counts[j]} of {@code members} go to site {@code owners[j]}. */
  static void deal(int[] members, int[] counts, int[] owners, IntStream.Builder[] parts) {
    int next = 0;
    for (int j = 0; j < counts.length; j++) {
      for (int k = next; k < next + counts[j]; k++) parts[owners[j]].add(members[k]);
      next += counts[j];
    }
  }

  /** {@code total} split into {@code parts} sizes that differ by at most one, the larger first. */
  static int[] even(int total, int parts) {
    int[] sizes = new int[parts];
    for (int i = 0; i < parts; i++) sizes[i] = total / parts + (i < total % parts ? 1 : 0);
    return sizes;
  }

  /** Per site, its rows gathered in {@code parts} (each a list of row indices), sorted. */
  static int[][] sorted(IntStream.Builder[] parts) {
    int[][] sites = new int[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      sites[i] = parts[i].build().toArray();
      Arrays.sort(sites[i]);
    }
    return sites;
  }

  static IntStream.Builder[] builders(int sites) {
    IntStream.Builder[] parts = new IntStream.Builder[sites];
    for (int i = 0; i < sites; i++) parts[i] = IntStream.builder();
    return parts;
  }
}
