package io.coopdistill.simulation.run;

import static io.coopdistill.learners.OptionChecks.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;

/**
 * A method against the baseline over (agent, seed) pairs: each pair is one agent's test accuracy
 * under the method minus the same agent's under the baseline, on the same seed (same data, same
 * training seed). Medians alone hide how often a method loses and how uncertain its gain is. The
 * agents of one seed share its data and its round, so the pairs are not independent and the
 * interval and p below treat them as if they were: {@link SeedLevelStatistics} gives the figures to
 * test with.
 *
 * @param pairs how many (agent, seed) pairs both the method and the baseline have
 * @param meanGain mean of the differences (method − baseline)
 * @param ci95 percentile bootstrap 95% interval of the mean gain, resampling pairs
 * @param wins pairs where the method is more accurate
 * @param ties pairs of equal accuracy
 * @param losses pairs where the baseline is more accurate
 * @param wilcoxonP two-sided Wilcoxon signed-rank p of the non-zero differences; NaN when there is
 *     none
 * @param wilcoxonMethod {@link #EXACT} or {@link #NORMAL}
 */
public record PairedStatistics(
    int pairs,
    double meanGain,
    double[] ci95,
    int wins,
    int ties,
    int losses,
    double wilcoxonP,
    String wilcoxonMethod) {

  public static final String EXACT = "exact";
  public static final String NORMAL = "normal approximation";

  /**
   * Above this many non-zero differences the exact distribution (2^n sign patterns) is too slow.
   */
  static final int MOST_EXACT = 20;

  private static final String BASELINE = "baseline";
  public static final String PATH = "coopdistill.report.bootstrap";

  /**
   * How the bootstrap interval is drawn: {@code resamples} resamples from a generator seeded with
   * {@code seed}.
   */
  public record Options(int resamples, long seed) {
    public Options {
      require(resamples >= 100, PATH + ".resamples", "at least 100", resamples);
    }

    public static Options fromConfig(Config root) {
      Config c = root.getConfig(PATH);
      return new Options(c.getInt("resamples"), c.getLong("seed"));
    }

    /**
     * The options results.json's recorded configuration gives, or this checkout's defaults where it
     * has none.
     */
    public static Options recordedIn(JsonNode results) {
      return fromConfig(
          ConfigFactory.parseString(results.path("config").toString())
              .withFallback(ConfigFactory.load()));
    }
  }

  /** The statistics of paired accuracies {@code method[n]} against {@code baseline[n]}. */
  public static PairedStatistics of(double[] baseline, double[] method, Options options) {
    if (baseline.length != method.length) {
      throw new IllegalArgumentException(
          baseline.length + " baseline accuracies for " + method.length + " of the method");
    }
    int n = baseline.length;
    double[] gain = new double[n];
    int wins = 0;
    int ties = 0;
    List<Integer> nonZero = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      gain[i] = method[i] - baseline[i];
      if (gain[i] == 0) {
        ties++;
      } else {
        nonZero.add(i);
        if (gain[i] > 0) wins++;
      }
    }
    double mean = n == 0 ? Double.NaN : Arrays.stream(gain).average().orElse(Double.NaN);
    double[] ci = n == 0 ? new double[] {Double.NaN, Double.NaN} : bootstrap(gain, options);
    // Wilcoxon's convention: ties (zero differences) carry no sign and are left out of the ranks.
    double[] x = nonZero.stream().mapToDouble(i -> baseline[i]).toArray();
    double[] y = nonZero.stream().mapToDouble(i -> method[i]).toArray();
    boolean exact =
        x.length <= MOST_EXACT
            && Arrays.stream(gain).filter(g -> g != 0).map(Math::abs).distinct().count()
                == x.length;
    double p =
        x.length == 0
            ? Double.NaN
            : Math.min(1, new WilcoxonSignedRankTest().wilcoxonSignedRankTest(x, y, exact));
    return new PairedStatistics(
        n, mean, ci, wins, ties, n - wins - ties, p, exact ? EXACT : NORMAL);
  }

  /** Percentile bootstrap of the mean: the 2.5% and 97.5% quantiles of the resampled means. */
  static double[] bootstrap(double[] gain, Options options) {
    RandomGenerator random = new Well19937c(options.seed());
    double[] means = new double[options.resamples()];
    for (int b = 0; b < means.length; b++) {
      double sum = 0;
      for (int i = 0; i < gain.length; i++) sum += gain[random.nextInt(gain.length)];
      means[b] = sum / gain.length;
    }
    Arrays.sort(means);
    return new double[] {
      means[(int) Math.floor(0.025 * means.length)],
      means[(int) Math.ceil(0.975 * means.length) - 1]
    };
  }

  ObjectNode toJson(ObjectNode n) {
    n.put("pairs", pairs);
    put(n, "mean_gain", meanGain);
    put(n, "ci95", ci95);
    n.put("wins", wins).put("ties", ties).put("losses", losses);
    put(n, "wilcoxon_p", wilcoxonP);
    n.put("wilcoxon_method", wilcoxonMethod);
    return n;
  }

  static void put(ObjectNode n, String field, double value) {
    if (Double.isNaN(value)) n.putNull(field);
    else n.put(field, value);
  }

  /** An interval as a two-element array, a NaN bound as null. */
  static void put(ObjectNode n, String field, double[] interval) {
    ArrayNode a = n.putArray(field);
    for (double bound : interval) {
      if (Double.isNaN(bound)) a.addNull();
      else a.add(bound);
    }
  }

  /**
   * Adds {@code paired_vs_baseline} and {@code seed_level} ({@link SeedLevelStatistics}) to every
   * applicable method of results.json's content other than the baseline, from the accuracies per
   * agent and seed it records: also for results written before these statistics existed. Pairs are
   * matched by agent and seed; a missing or NaN accuracy pairs with nothing. A method that ran
   * several rounds also gets them for each round, under {@code rounds[r]}, so that what a second or
   * third round adds reads as the first's gain does.
   */
  public static void addTo(JsonNode results, Options options) {
    JsonNode methods = results.get("methods");
    JsonNode baseline = methods.get(BASELINE);
    if (baseline == null || baseline.has("not_applicable")) return;
    for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      if (m.getKey().equals(BASELINE) || m.getValue().has("not_applicable")) continue;
      List<Long> seeds = seeds(m.getValue());
      put(baseline, seeds, m.getValue(), options);
      for (JsonNode round : m.getValue().path("rounds")) put(baseline, seeds, round, options);
    }
  }

  /**
   * Sets {@code paired_vs_baseline} and {@code seed_level} of {@code node}, whose {@code accuracy}
   * lists each agent's values over {@code seeds}.
   */
  private static void put(JsonNode baseline, List<Long> seeds, JsonNode node, Options options) {
    List<Pair> pairs = pairs(baseline, seeds, node.get("accuracy"));
    double[] b = pairs.stream().mapToDouble(Pair::baseline).toArray();
    double[] x = pairs.stream().mapToDouble(Pair::method).toArray();
    of(b, x, options).toJson(((ObjectNode) node).putObject("paired_vs_baseline"));
    Map<Long, Double> perSeed =
        pairs.stream()
            .collect(
                Collectors.groupingBy(
                    Pair::seed, Collectors.averagingDouble(p -> p.method() - p.baseline())));
    SeedLevelStatistics.of(new TreeMap<>(perSeed), options)
        .toJson(((ObjectNode) node).putObject("seed_level"));
  }

  /** One agent's accuracy on one seed under the baseline and under the method. */
  private record Pair(long seed, double baseline, double method) {}

  /** The accuracies of every (agent, seed) both recorded. */
  private static List<Pair> pairs(JsonNode baseline, List<Long> seeds, JsonNode accuracy) {
    List<Pair> pairs = new ArrayList<>();
    List<Long> baseSeeds = seeds(baseline);
    for (Iterator<Map.Entry<String, JsonNode>> agents = accuracy.fields(); agents.hasNext(); ) {
      Map.Entry<String, JsonNode> agent = agents.next();
      JsonNode base = baseline.get("accuracy").get(agent.getKey());
      if (base == null) continue;
      for (int s = 0; s < seeds.size(); s++) {
        int b = baseSeeds.indexOf(seeds.get(s));
        if (b < 0) continue;
        double before = base.get(b).asDouble(Double.NaN);
        double after = agent.getValue().get(s).asDouble(Double.NaN);
        if (!Double.isNaN(before) && !Double.isNaN(after))
          pairs.add(new Pair(seeds.get(s), before, after));
      }
    }
    return pairs;
  }

  private static List<Long> seeds(JsonNode method) {
    List<Long> seeds = new ArrayList<>();
    method.get("seeds").forEach(s -> seeds.add(s.asLong()));
    return seeds;
  }
}
