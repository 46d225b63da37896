package io.coopdistill.learners.data.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Each partition's properties on 10 classes of 500 rows each, in an order that mixes the classes.
 */
class PartitionsTest {
  private static final int CLASSES = 10;
  private static final int[] LABELS =
      IntStream.range(0, 5000).map(i -> (i * 7) % CLASSES).toArray();

  private static final List<Partition> EVERY_ROW_ONCE =
      List.of(
          new Iid(20),
          new Dirichlet(20, 0.5, 10, false, 100),
          new Dirichlet(20, 0.5, 10, true, 100),
          new Shards(20, 2),
          new QuantitySkew(20, 1.0, 10));

  private static int[][] counts(int[][] sites) {
    int[][] counts = new int[sites.length][CLASSES];
    for (int i = 0; i < sites.length; i++) for (int row : sites[i]) counts[i][LABELS[row]]++;
    return counts;
  }

  /** The mean over sites of the entropy (nats) of a site's class mix. */
  private static double meanEntropy(int[][] sites) {
    return Arrays.stream(counts(sites))
        .mapToDouble(
            c -> {
              double n = Arrays.stream(c).sum();
              return -Arrays.stream(c)
                  .filter(k -> k > 0)
                  .mapToDouble(k -> k / n * Math.log(k / n))
                  .sum();
            })
        .average()
        .orElseThrow();
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
    for (Partition partition : EVERY_ROW_ONCE) {
      int[][] once = partition.assign(LABELS, CLASSES, 7);
      assertTrue(
          Arrays.deepEquals(once, partition.assign(LABELS, CLASSES, 7)), partition + " is seeded");
      assertFalse(
          Arrays.deepEquals(once, partition.assign(LABELS, CLASSES, 8)),
          partition + " differs for another seed");
    }
  }

  @Test
  void everyRowGoesToExactlyOneSite() {
    for (Partition partition : EVERY_ROW_ONCE) {
      int[][] sites = partition.assign(LABELS, CLASSES, 3);
      assertEquals(20, sites.length, partition.toString());
      int[] all = Arrays.stream(sites).flatMapToInt(Arrays::stream).sorted().toArray();
      assertArrayEquals(
          IntStream.range(0, LABELS.length).toArray(), all, partition + " assigns every row once");
      for (int[] site : sites)
        assertTrue(
            site.length > 0 && IntStream.range(1, site.length).allMatch(k -> site[k - 1] < site[k]),
            "ascending");
    }
  }

  @Test
  void iidSitesAreOfEqualSizeAndFollowTheClassMix() {
    int[][] sites = new Iid(10).assign(LABELS, CLASSES, 1);
    for (int[] c : counts(sites)) {
      assertEquals(500, Arrays.stream(c).sum());
      // 500 rows a site, 50 expected of each class: a standard deviation of about 6.7.
      for (int k : c)
        assertTrue(Math.abs(k - 50) <= 25, "iid class counts near 50: " + Arrays.toString(c));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Iid(6).assign(new int[] {0, 1, 0, 1, 0}, 2, 1));
    assertEquals("iid: 6 sites need a row each, but there are 5 rows", e.getMessage());
  }

  @Test
  void aSmallAlphaSkewsTheClassesAndALargeOneBalancesThem() {
    double skewed = meanEntropy(new Dirichlet(20, 0.1, 10, false, 100).assign(LABELS, CLASSES, 1));
    double balanced =
        meanEntropy(new Dirichlet(20, 100, 10, false, 100).assign(LABELS, CLASSES, 1));
    double uniform = Math.log(CLASSES);
    assertTrue(
        balanced > 0.97 * uniform, "alpha = 100 is close to iid: " + balanced + " of " + uniform);
    assertTrue(
        skewed < 0.5 * uniform,
        "alpha = 0.1 gives a site few classes: " + skewed + " of " + uniform);
  }

  @Test
  void dirichletGivesEverySiteItsMinimumOrSaysItCannot() {
    for (long seed = 0; seed < 5; seed++) {
      int[][] sites = new Dirichlet(20, 0.1, 60, false, 1000).assign(LABELS, CLASSES, seed);
      for (int[] site : sites) assertTrue(site.length >= 60, "min-rows holds: " + site.length);
    }
    IllegalArgumentException cannot =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dirichlet(20, 0.05, 240, false, 5).assign(LABELS, CLASSES, 1));
    assertTrue(
        cannot
            .getMessage()
            .startsWith(
                "dirichlet (alpha = 0.05): in 5 tries no split gave each of the 20 sites "
                    + "scenario.partition.min-rows = 240 of the 5000 rows (the best left a site "),
        cannot.getMessage());
    IllegalArgumentException tooFew =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Dirichlet(20, 1, 251, false, 5).assign(LABELS, CLASSES, 1));
    assertEquals(
        "dirichlet: 20 sites of at least scenario.partition.min-rows = 251 rows need 5020 rows, but there are 5000",
        tooFew.getMessage());
  }

  @Test
  void selfBalancingStopsFillingASiteAboveTheAverage() {
    int classRows = LABELS.length / CLASSES;
    for (long seed = 0; seed < 5; seed++) {
      for (int[] site : new Dirichlet(20, 0.1, 1, true, 100).assign(LABELS, CLASSES, seed)) {
        // A site above the average (250) gets no further class, so it ends below average + one
        // class.
        assertTrue(
            site.length <= LABELS.length / 20 + classRows,
            "self-balanced site of " + site.length + " rows");
      }
    }
    double balanced =
        IntStream.range(0, 5)
            .map(seed -> largest(new Dirichlet(20, 0.1, 1, true, 100), seed))
            .average()
            .orElseThrow();
    double unbalanced =
        IntStream.range(0, 5)
            .map(seed -> largest(new Dirichlet(20, 0.1, 1, false, 100), seed))
            .average()
            .orElseThrow();
    assertTrue(
        balanced < 0.8 * unbalanced,
        "the largest site, on average over seeds: "
            + balanced
            + " balanced, "
            + unbalanced
            + " not");
  }

  private static int largest(Partition partition, long seed) {
    return Arrays.stream(partition.assign(LABELS, CLASSES, seed))
        .mapToInt(s -> s.length)
        .max()
        .orElseThrow();
  }

  @Test
  void shardsGiveEverySiteExactlyItsClasses() {
    for (int c : new int[] {1, 2, 3}) {
      for (int[] site : counts(new Shards(20, c).assign(LABELS, CLASSES, 5))) {
        assertEquals(
            c,
            Arrays.stream(site).filter(k -> k > 0).count(),
            "exactly " + c + " classes: " + Arrays.toString(site));
      }
    }
    assertEquals(
        "shards: scenario.partition.classes-per-site = 11, but there are only 10 classes",
        assertThrows(
                IllegalArgumentException.class, () -> new Shards(20, 11).assign(LABELS, CLASSES, 1))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> new Shards(4, 2).assign(LABELS, CLASSES, 1))
            .getMessage()
            .startsWith(
                "shards: 4 sites of scenario.partition.classes-per-site = 2 hold fewer than the 10 classes"));
    // 40 sites of 5 classes: each class held by 20 sites, and class 3 has only 12 rows here.
    int[] rare =
        IntStream.range(0, 600).map(i -> i < 12 ? 3 : i % CLASSES == 3 ? 4 : i % CLASSES).toArray();
    IllegalArgumentException shardsOverRows =
        assertThrows(
            IllegalArgumentException.class, () -> new Shards(40, 5).assign(rare, CLASSES, 1));
    assertTrue(
        shardsOverRows
            .getMessage()
            .startsWith("shards: class 3 has 12 rows, fewer than the 20 sites that hold it"),
        shardsOverRows.getMessage());
  }

  @Test
  void quantitySkewVariesTheSizesAndKeepsTheMinimum() {
    int[] sizes =
        Arrays.stream(new QuantitySkew(20, 1.0, 10).assign(LABELS, CLASSES, 2))
            .mapToInt(s -> s.length)
            .toArray();
    double mean = Arrays.stream(sizes).average().orElseThrow();
    double sd =
        Math.sqrt(
            Arrays.stream(sizes).mapToDouble(n -> (n - mean) * (n - mean)).sum() / sizes.length);
    assertTrue(sd / mean > 0.4, "sigma = 1 varies the sizes: " + Arrays.toString(sizes));
    assertTrue(Arrays.stream(sizes).allMatch(n -> n >= 10), Arrays.toString(sizes));
    int[] even =
        Arrays.stream(new QuantitySkew(20, 0.01, 10).assign(LABELS, CLASSES, 2))
            .mapToInt(s -> s.length)
            .toArray();
    assertTrue(
        Arrays.stream(even).allMatch(n -> Math.abs(n - 250) <= 10),
        "a small sigma gives about equal sizes: " + Arrays.toString(even));
  }

  @Test
  void undersampleThinsEachSitesClass() {
    Undersample partition =
        new Undersample(
            List.of(new Undersample.Share(1000, 0), new Undersample.Share(1000, 1)), 0.9);
    int[][] counts = counts(partition.assign(LABELS, CLASSES, 4));
    assertTrue(
        counts[0][0] < 0.25 * counts[0][2] && counts[1][1] < 0.25 * counts[1][2],
        Arrays.deepToString(counts));
    assertTrue(
        Arrays.deepEquals(
            partition.assign(LABELS, CLASSES, 4), partition.assign(LABELS, CLASSES, 4)));
  }
}
