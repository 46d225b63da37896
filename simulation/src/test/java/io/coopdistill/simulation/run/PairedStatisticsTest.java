package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PairedStatisticsTest {
  private static final PairedStatistics.Options OPTIONS = new PairedStatistics.Options(10_000, 1);

  @Test
  void countsMeanAndExactWilcoxonOfAHandMadeSample() {
    // Gains 0, -1, 2, 3, 4, 5: the tie is left out; of the ranks 1..5 of the rest, the loss has
    // rank 1,
    // so W+ = 14, and 2 of the 32 sign patterns reach 14: p = 2 * 2/32.
    PairedStatistics s =
        PairedStatistics.of(
            new double[] {0, 1, 0, 0, 0, 0}, new double[] {0, 0, 2, 3, 4, 5}, OPTIONS);
    assertEquals(6, s.pairs());
    assertEquals(13.0 / 6, s.meanGain(), 1e-12);
    assertEquals(4, s.wins());
    assertEquals(1, s.ties());
    assertEquals(1, s.losses());
    assertEquals(0.125, s.wilcoxonP(), 1e-12);
    assertEquals(PairedStatistics.EXACT, s.wilcoxonMethod());
    assertTrue(s.ci95()[0] <= s.meanGain() && s.meanGain() <= s.ci95()[1]);
  }

  @Test
  void bootstrapIntervalsOfSamplesWhoseResampledMeansAreKnown() {
    // Gains {0, 1}: a resample's mean is 0, 1/2 or 1 with probabilities 1/4, 1/2, 1/4.
    assertArrayEquals(
        new double[] {0, 1},
        PairedStatistics.of(new double[] {0, 0}, new double[] {0, 1}, OPTIONS).ci95());
    // One gain of 1 among 20: the resample holds Binomial(20, 1/20) ones; P(0) = 0.358 and P(<= 3)
    // = 0.984,
    // so the 2.5% and 97.5% quantiles of the mean are 0 and 3/20.
    double[] method = new double[20];
    method[7] = 1;
    assertArrayEquals(
        new double[] {0, 0.15}, PairedStatistics.of(new double[20], method, OPTIONS).ci95());
    // A constant gain has a point interval.
    PairedStatistics constant =
        PairedStatistics.of(
            new double[] {0.5, 0.25, 0.5, 0.75, 0.5},
            new double[] {0.75, 0.5, 0.75, 1, 0.75},
            OPTIONS);
    assertArrayEquals(new double[] {0.25, 0.25}, constant.ci95());
  }

  @Test
  void theIntervalIsSeeded() {
    double[] base = new double[40];
    double[] method = new double[40];
    for (int i = 0; i < 40; i++) method[i] = Math.sin(i * 1.7) / 10;
    assertArrayEquals(
        PairedStatistics.of(base, method, OPTIONS).ci95(),
        PairedStatistics.of(base, method, OPTIONS).ci95());
    assertFalse(
        java.util.Arrays.equals(
            PairedStatistics.of(base, method, OPTIONS).ci95(),
            PairedStatistics.of(base, method, new PairedStatistics.Options(10_000, 2)).ci95()));
  }

  @Test
  void normalApproximationForManyDifferencesOrTies() {
    // 25 wins of distinct sizes: W- = 0, E = 162.5, Var = 1381.25, z = -163 / sqrt(1381.25), p = 2
    // Phi(z).
    double[] base = new double[25];
    double[] method = new double[25];
    for (int i = 0; i < 25; i++) method[i] = (i + 1) / 64.0;
    PairedStatistics many = PairedStatistics.of(base, method, OPTIONS);
    assertEquals(PairedStatistics.NORMAL, many.wilcoxonMethod());
    assertEquals(1.1554613419770769e-05, many.wilcoxonP(), 1e-12);
    // Tied sizes: the exact distribution assumes ranks 1..n.
    assertEquals(
        PairedStatistics.NORMAL,
        PairedStatistics.of(new double[3], new double[] {0.25, 0.25, 0.5}, OPTIONS)
            .wilcoxonMethod());
  }

  @Test
  void onlyTiesHaveNoWilcoxonP() {
    PairedStatistics s =
        PairedStatistics.of(new double[] {0.5, 0.5}, new double[] {0.5, 0.5}, OPTIONS);
    assertEquals(2, s.ties());
    assertTrue(Double.isNaN(s.wilcoxonP()));
    assertArrayEquals(new double[] {0, 0}, s.ci95());
  }

  @Test
  void addsPairsMatchedByAgentAndSeedToEveryMethodButTheBaseline() throws Exception {
    JsonNode results =
        new ObjectMapper()
            .readTree(
                """
        {"methods": {
          "baseline": {"seeds": [0, 1, 2], "accuracy": {"a": [0.5, 0.5, 0.5], "b": [0.25, 0.5, 0.75]}},
          "cooperative": {"seeds": [2, 0], "accuracy": {"a": [0.75, 0.5], "b": [0.5, 0.5]}},
          "pooled": {"not_applicable": "one learner"}}}""");
    PairedStatistics.addTo(results, OPTIONS);
    JsonNode p = results.get("methods").get("cooperative").get("paired_vs_baseline");
    // a: seed 2 0.5 -> 0.75, seed 0 0.5 -> 0.5; b: seed 2 0.75 -> 0.5, seed 0 0.25 -> 0.5.
    assertEquals(4, p.get("pairs").asInt());
    assertEquals(2, p.get("wins").asInt());
    assertEquals(1, p.get("ties").asInt());
    assertEquals(1, p.get("losses").asInt());
    assertEquals(0.25 / 4, p.get("mean_gain").asDouble(), 1e-12);
    assertEquals(2, p.get("ci95").size());
    assertFalse(results.get("methods").get("baseline").has("paired_vs_baseline"));
    assertFalse(results.get("methods").get("pooled").has("paired_vs_baseline"));
  }

  @Test
  void eachRoundOfAMethodGetsItsOwnPairs() throws Exception {
    JsonNode results =
        new ObjectMapper()
            .readTree(
                """
        {"methods": {
          "baseline": {"seeds": [0, 1], "accuracy": {"a": [0.5, 0.5]}},
          "cooperative": {"seeds": [1, 0], "accuracy": {"a": [0.75, 0.25]}, "rounds": [
            {"round": 1, "accuracy": {"a": [0.5, 0.75]}},
            {"round": 2, "accuracy": {"a": [0.75, 0.25]}}]}}}""");
    PairedStatistics.addTo(results, OPTIONS);
    JsonNode cooperative = results.get("methods").get("cooperative");
    JsonNode first = cooperative.get("rounds").get(0).get("paired_vs_baseline");
    // Round 1: seed 1 0.5 -> 0.5, seed 0 0.5 -> 0.75.
    assertEquals(2, first.get("pairs").asInt());
    assertEquals(1, first.get("wins").asInt());
    assertEquals(1, first.get("ties").asInt());
    assertEquals(0.125, first.get("mean_gain").asDouble(), 1e-12);
    // Round 2 is the method's last: the same statistics as the method's own.
    assertEquals(
        cooperative.get("paired_vs_baseline"),
        cooperative.get("rounds").get(1).get("paired_vs_baseline"));
    assertEquals(1, cooperative.get("paired_vs_baseline").get("losses").asInt());
  }

  @Test
  void noCommonSeedGivesNoPairsAndNullStatistics() throws Exception {
    JsonNode results =
        new ObjectMapper()
            .readTree(
                """
        {"methods": {
          "baseline": {"seeds": [0], "accuracy": {"a": [0.5]}},
          "mixup": {"seeds": [1], "accuracy": {"a": [0.75]}}}}""");
    PairedStatistics.addTo(results, OPTIONS);
    JsonNode p = results.get("methods").get("mixup").get("paired_vs_baseline");
    assertEquals(0, p.get("pairs").asInt());
    assertTrue(
        p.get("mean_gain").isNull()
            && p.get("ci95").get(0).isNull()
            && p.get("wilcoxon_p").isNull(),
        p.toString());
    JsonNode seeds = results.get("methods").get("mixup").get("seed_level");
    assertEquals(0, seeds.get("seeds").asInt());
    assertTrue(
        seeds.get("mean_gain").isNull()
            && seeds.get("ci95").get(0).isNull()
            && seeds.get("p").isNull()
            && seeds.get("mde").isNull()
            && seeds.get("smallest_p").isNull(),
        seeds.toString());
  }

  @Test
  void rejectsTooFewResamples() {
    assertThrows(IllegalArgumentException.class, () -> new PairedStatistics.Options(10, 1));
  }
}
