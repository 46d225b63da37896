package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class SeedLevelStatisticsTest {
  private static final PairedStatistics.Options OPTIONS = new PairedStatistics.Options(10_000, 1);

  @Test
  void exactSignFlipPOfHandCountedSamples() {
    // 1, 2, 3: of the 8 sums ±1±2±3 (6, 4, 2, 0, 0, -2, -4, -6) only 6 and -6 reach |6|.
    assertEquals(0.25, SeedLevelStatistics.signFlipP(new double[] {1, 2, 3}), 1e-15);
    // -1, 2, 3, 4, 5 sum to 13; of the 32 sums ±1..±5 only 15, 13 and their mirrors reach |13|.
    assertEquals(4 / 32.0, SeedLevelStatistics.signFlipP(new double[] {-1, 2, 3, 4, 5}), 1e-15);
    // 1, 2, -3, 4 sum to 4; the 16 sums are -10..10 in steps of 2, and only 0, 0, ±2, ±2 fall short
    // of |4|.
    assertEquals(10 / 16.0, SeedLevelStatistics.signFlipP(new double[] {1, 2, -3, 4}), 1e-15);
    // One seed's gain and its mirror are the only patterns: p = 1. No gain at all: p = 1.
    assertEquals(1, SeedLevelStatistics.signFlipP(new double[] {0.02}), 1e-15);
    assertEquals(1, SeedLevelStatistics.signFlipP(new double[] {0, 0, 0}), 1e-15);
    // A seed without gain flips to itself: the other two decide, p = 2/4 however large their gain.
    assertEquals(0.5, SeedLevelStatistics.signFlipP(new double[] {0, 0.3, 0.4}), 1e-15);
  }

  @Test
  void patternsEqualInExactArithmeticCountThoughTheirFloatingSumsDiffer() {
    // 0.1, 0.2, -0.3, 0.4 are the hand-counted 1, 2, -3, 4 above over ten: p = 10/16. Two of the
    // ten reach 0.4 only in exact
    // arithmetic: -0.1 - 0.2 + 0.3 + 0.4 and 0.1 + 0.2 - 0.3 - 0.4 miss it by 2e-16 in doubles,
    // added up as the split count does.
    assertEquals(
        10 / 16.0, SeedLevelStatistics.signFlipP(new double[] {0.1, 0.2, -0.3, 0.4}), 1e-15);
  }

  @Test
  void theSplitCountAgreesWithCountingEveryPattern() {
    Well19937c random = new Well19937c(7);
    for (int n = 1; n <= 14; n++) {
      double[] gains = new double[n];
      for (int i = 0; i < n; i++)
        gains[i] =
            random.nextInt(5) == 0 ? 0 : Math.round(100 * (random.nextGaussian() + 0.3)) / 1000.0;
      assertEquals(
          everyPattern(gains),
          SeedLevelStatistics.signFlipP(gains),
          1e-12,
          java.util.Arrays.toString(gains));
    }
  }

  /** Brute force: each of the 2^n patterns summed on its own. */
  private static double everyPattern(double[] gains) {
    double observed = Math.abs(java.util.Arrays.stream(gains).sum());
    int reaching = 0;
    for (int pattern = 0; pattern < 1 << gains.length; pattern++) {
      double sum = 0;
      for (int i = 0; i < gains.length; i++) sum += (pattern >> i & 1) == 0 ? gains[i] : -gains[i];
      if (Math.abs(sum) >= observed - 1e-12) reaching++;
    }
    return reaching / Math.pow(2, gains.length);
  }

  @Test
  void thirtyFiveSeedsAreCountedExactlyAndMoreThanFortyBySeededMonteCarlo() {
    // 35 equal gains: only the observed pattern and its mirror reach it.
    double[] equal = new double[35];
    java.util.Arrays.fill(equal, 0.01);
    assertEquals(Math.scalb(1.0, -34), SeedLevelStatistics.signFlipP(equal), 1e-25);
    SeedLevelStatistics many =
        SeedLevelStatistics.of(
            gains(IntStream.range(0, 45).mapToDouble(i -> 0.01).toArray()), OPTIONS);
    assertTrue(many.test().contains("10000 random sign patterns"), many.test());
    assertEquals(1 / 10_001.0, many.p(), 1e-15);
    // Where both exist, the Monte Carlo estimate is near the exact p.
    double[] mixed =
        IntStream.range(0, 12).mapToDouble(i -> Math.sin(i * 1.3) / 50 + 0.005).toArray();
    assertEquals(
        SeedLevelStatistics.signFlipP(mixed), SeedLevelStatistics.signFlipP(mixed, OPTIONS), 0.015);
  }

  @Test
  void theSmallestPIsTwoOverTwoToTheSeeds() {
    assertEquals(0.25, SeedLevelStatistics.smallestP(3), 0);
    assertEquals(0.0625, SeedLevelStatistics.smallestP(5), 0);
    assertEquals(1 / 512.0, SeedLevelStatistics.smallestP(10), 0);
  }

  @Test
  void minimumDetectableEffectIsTheTTestsAndNoneWhereTheExactTestCannotReachFivePercent() {
    // Gains 1..6: s = sqrt(3.5); t(5) quantiles 0.975 and 0.8 are 2.5705818 and 0.9195438.
    assertEquals(
        (2.5705818 + 0.9195438) * Math.sqrt(3.5) / Math.sqrt(6),
        SeedLevelStatistics.minimumDetectableEffect(new double[] {1, 2, 3, 4, 5, 6}),
        1e-6);
    // 5 seeds: 2/32 = 0.0625 > 0.05, so no gain is detectable however large and steady.
    assertTrue(
        Double.isNaN(SeedLevelStatistics.minimumDetectableEffect(new double[] {1, 2, 3, 4, 5})));
    assertTrue(Double.isNaN(SeedLevelStatistics.minimumDetectableEffect(new double[] {1})));
  }

  @Test
  void threeSeedsOfTenAgentsWinningEveryPairAreATinyPairPButASeedPOfAQuarter() throws Exception {
    StringBuilder base = new StringBuilder();
    StringBuilder method = new StringBuilder();
    for (int a = 0; a < 10; a++) {
      String sep = a == 0 ? "" : ", ";
      base.append(sep).append(String.format("\"a%d\": [0.5, 0.5, 0.5]", a));
      method
          .append(sep)
          .append(
              String.format(
                  "\"a%d\": [%s, %s, %s]",
                  a,
                  0.5 + 0.001 * (3 * a + 1),
                  0.5 + 0.001 * (3 * a + 2),
                  0.5 + 0.001 * (3 * a + 3)));
    }
    JsonNode results =
        new ObjectMapper()
            .readTree(
                "{\"methods\": {\"baseline\": {\"seeds\": [0, 1, 2], \"accuracy\": {"
                    + base
                    + "}}, \"cooperative\": {\"seeds\": [0, 1, 2], \"accuracy\": {"
                    + method
                    + "}}}}");
    PairedStatistics.addTo(results, OPTIONS);
    JsonNode cooperative = results.get("methods").get("cooperative");
    // 30 wins of distinct sizes: W- = 0, E = 232.5, Var = 2363.75, z = -233 / sqrt(2363.75)
    // (commons-math's correction),
    // p = 2 Phi(z) = 1.65e-6.
    assertEquals(
        1.648e-6, cooperative.get("paired_vs_baseline").get("wilcoxon_p").asDouble(), 0.001e-6);
    JsonNode seeds = cooperative.get("seed_level");
    assertEquals(3, seeds.get("seeds").asInt());
    assertEquals(0.25, seeds.get("p").asDouble(), 1e-15);
    assertEquals(0.25, seeds.get("smallest_p").asDouble(), 1e-15);
    assertEquals(SeedLevelStatistics.EXACT, seeds.get("test").asText());
    assertTrue(seeds.get("mde").isNull(), seeds.toString());
    assertEquals(3, seeds.get("wins").asInt());
    // Seed s's agents gain 0.001 (3a + s + 1): their mean is 0.001 (14.5 + s).
    for (int s = 0; s < 3; s++)
      assertEquals(
          0.001 * (14.5 + s),
          seeds.get("per_seed_gain").get(Integer.toString(s)).asDouble(),
          1e-12);
    assertEquals(0.0155, seeds.get("mean_gain").asDouble(), 1e-12);
  }

  @Test
  void theIntervalResamplesWholeSeedsSoAgentsThatOffsetEachOtherWithinASeedDoNotWidenIt()
      throws Exception {
    // Every seed: agent a gains 0.5, agent b loses 0.3. Over pairs the gain spreads from -0.3 to
    // 0.5; over seeds it is 0.1 each time.
    JsonNode results =
        new ObjectMapper()
            .readTree(
                """
        {"methods": {
          "baseline": {"seeds": [0, 1, 2, 3], "accuracy": {"a": [0.25, 0.25, 0.25, 0.25], "b": [0.75, 0.75, 0.75, 0.75]}},
          "cooperative": {"seeds": [0, 1, 2, 3], "accuracy": {"a": [0.75, 0.75, 0.75, 0.75], "b": [0.45, 0.45, 0.45, 0.45]}}}}""");
    PairedStatistics.addTo(results, OPTIONS);
    JsonNode cooperative = results.get("methods").get("cooperative");
    JsonNode pairs = cooperative.get("paired_vs_baseline").get("ci95");
    assertTrue(pairs.get(0).asDouble() < 0 && pairs.get(1).asDouble() > 0.2, pairs.toString());
    JsonNode seeds = cooperative.get("seed_level");
    assertEquals(0.1, seeds.get("ci95").get(0).asDouble(), 1e-12);
    assertEquals(0.1, seeds.get("ci95").get(1).asDouble(), 1e-12);
    assertEquals(2 / 16.0, seeds.get("p").asDouble(), 1e-15);
  }

  @Test
  void bootstrapOfTwoSeedsAndSeedsMatchedByNumber() throws Exception {
    // Seeds' gains {0, 1}: a resample's mean is 0, 1/2 or 1 with probabilities 1/4, 1/2, 1/4.
    assertArrayEquals(new double[] {0, 1}, SeedLevelStatistics.of(gains(0, 1), OPTIONS).ci95());
    // The method lists its seeds in another order than the baseline; round 1 has a seed of its own.
    JsonNode results =
        new ObjectMapper()
            .readTree(
                """
        {"methods": {
          "baseline": {"seeds": [4, 7], "accuracy": {"a": [0.5, 0.25], "b": [0.5, 0.5]}},
          "cooperative": {"seeds": [7, 4], "accuracy": {"a": [0.5, 0.75], "b": [0.5, 0.5]}, "rounds": [
            {"round": 1, "accuracy": {"a": [0.25, 0.5], "b": [null, 0.75]}}]}}}""");
    PairedStatistics.addTo(results, OPTIONS);
    JsonNode cooperative = results.get("methods").get("cooperative");
    JsonNode seeds = cooperative.get("seed_level");
    // Seed 4: a 0.5 -> 0.75, b 0.5 -> 0.5, gain 0.125; seed 7: a 0.25 -> 0.5, gain 0.125.
    assertEquals(0.125, seeds.get("per_seed_gain").get("4").asDouble(), 1e-12);
    assertEquals(0.125, seeds.get("per_seed_gain").get("7").asDouble(), 1e-12);
    assertEquals(0.5, seeds.get("p").asDouble(), 1e-15);
    // Round 1: seed 7 has a alone (b is null), 0.25 -> 0.25; seed 4: a 0.5 -> 0.5, b 0.5 -> 0.75.
    JsonNode first = cooperative.get("rounds").get(0).get("seed_level");
    assertEquals(0, first.get("per_seed_gain").get("7").asDouble(), 1e-12);
    assertEquals(0.125, first.get("per_seed_gain").get("4").asDouble(), 1e-12);
    assertEquals(1, first.get("ties").asInt());
    assertEquals(1.0, first.get("p").asDouble(), 1e-15);
  }

  private static SortedMap<Long, Double> gains(double... perSeed) {
    SortedMap<Long, Double> gains = new TreeMap<>();
    for (int s = 0; s < perSeed.length; s++) gains.put((long) s, perSeed[s]);
    return gains;
  }
}
