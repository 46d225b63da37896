package io.coopdistill.simulation.run;

import static io.coopdistill.learners.OptionChecks.require;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.typesafe.config.Config;
import io.coopdistill.learners.data.DataFiles;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.simulation.methods.Method;
import io.coopdistill.simulation.scenario.Trial;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;

/** Assembles results.json from a run's finished units. */
public final class Results {
  /** The method whose counterfactuals results.json reports first, when the run has it. */
  static final String REFERENCE_METHOD = "cooperative";

  /**
   * The value of {@code counterfactuals.layout} when its matrices are lists of the non-zero pairs,
   * {@code [teacher, student, value]} with indices into {@code counterfactuals.agents}.
   */
  public static final String PAIRS_LAYOUT = "pairs";

  private Results() {}

  /**
   * How results.json stores the per-pair counterfactual matrices: as k×k arrays up to {@code
   * denseMatricesUpTo} agents (every scenario of the paper), else only their non-zero pairs, so
   * that the file grows with the pairs that taught (at most k × many-agents.candidates) and not k².
   */
  public record Options(int denseMatricesUpTo) {
    public static final String PATH = "coopdistill.simulation.results";

    public Options {
      require(
          denseMatricesUpTo >= 0,
          PATH + ".dense-matrices-up-to",
          "≥ 0 (0: pairs at any size)",
          denseMatricesUpTo);
    }

    public static Options fromConfig(Config root) {
      return new Options(root.getConfig(PATH).getInt("dense-matrices-up-to"));
    }
  }

  /**
   * The configuration a run depends on: the scenario's section and every coopdistill key, with
   * paths inside the project relative to it (coopdistill.root itself is "."), so that neither
   * results.json nor run.json holds the checkout's absolute path.
   */
  static JsonNode effectiveConfig(Plan plan) {
    Config root = plan.config().root();
    Path project = Path.of(root.getString("coopdistill.root"));
    ObjectNode n = Json.object();
    n.set("scenario", relativised(Json.of(root.getConfig("scenario")), project));
    n.set("coopdistill", relativised(Json.of(root.getConfig("coopdistill")), project));
    return n;
  }

  /**
   * {@code node} with every text that is an absolute path inside {@code project} made relative to
   * it.
   */
  private static JsonNode relativised(JsonNode node, Path project) {
    if (node.isTextual()) {
      try {
        Path path = Path.of(node.asText());
        return path.isAbsolute()
            ? TextNode.valueOf(DataFiles.shown(project, path, node.asText()))
            : node;
      } catch (InvalidPathException notAPath) {
        return node;
      }
    }
    if (node.isObject()) {
      ObjectNode copy = Json.object();
      node.fields().forEachRemaining(e -> copy.set(e.getKey(), relativised(e.getValue(), project)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = Json.MAPPER.createArrayNode();
      node.forEach(e -> copy.add(relativised(e, project)));
      return copy;
    }
    return node;
  }

  static ObjectNode build(
      Plan plan, Manifest manifest, List<UnitResult> units, JsonNode illustration) {
    List<String> agents = plan.scenario().agents();
    ObjectNode results = Json.object();
    results.put("scenario", plan.config().name());
    results.put("description", plan.config().scenario().getString("description"));
    results.set("agents", Json.strings(agents));
    results.set("config", manifest.config());
    results.set("provenance", provenance(plan, manifest, units));

    ObjectNode methods = results.putObject("methods");
    ObjectNode phases = results.putObject("phases");
    for (Method method : plan.methods()) {
      List<UnitResult> mine = units.stream().filter(u -> u.method().equals(method.name())).toList();
      methods.set(method.name(), method(agents, mine));
      List<DistillationResult> rounds = mine.stream().flatMap(u -> u.rounds().stream()).toList();
      if (!rounds.isEmpty()) {
        ObjectNode p = phases.putObject(method.name());
        for (RoundPhase phase : RoundPhase.values()) {
          p.put(
              Json.phaseName(phase),
              rounds.stream().mapToDouble(r -> r.phaseSeconds().getOrDefault(phase, 0.0)).sum());
        }
      }
    }
    PairedStatistics.addTo(results, PairedStatistics.Options.fromConfig(plan.config().root()));
    results.set(
        "counterfactuals",
        counterfactuals(
            agents, plan, units, Options.fromConfig(plan.config().root()).denseMatricesUpTo()));
    ObjectNode privacy = PrivacyResults.of(plan, units);
    if (!privacy.isEmpty()) results.set("privacy", privacy);
    OptionalDouble any = plan.scenario().covariate(plan.seeds().get(0));
    if (any.isPresent()) results.set("covariate", covariate(plan, units));
    if (illustration != null)
      results.set("illustration", Illustration.withoutPrivateRows(illustration));
    results.set("sites", siteClassCounts(plan));
    return results;
  }

  /**
   * Every site's rows of each class, for every seed (a partition draws the sites again per seed):
   * {@code classes}, and {@code class_counts.<site>.<seed>} in that class order. A site's rows are
   * those the scenario gave it, its held-out split included.
   */
  private static ObjectNode siteClassCounts(Plan plan) {
    ObjectNode sites = Json.object();
    ObjectNode counts = Json.object();
    for (long seed : plan.seeds()) {
      Trial trial = plan.scenario().trial(seed);
      sites.set("classes", Json.strings(trial.test().classNames()));
      for (Site site : trial.sites()) {
        int[] rows = site.data().classCounts();
        int[] heldOut =
            site.heldOut() == null ? new int[rows.length] : site.heldOut().classCounts();
        Arrays.setAll(rows, c -> rows[c] + heldOut[c]);
        ArrayNode ofSeed = counts.with(site.name()).putArray(Long.toString(seed));
        Arrays.stream(rows).forEach(ofSeed::add);
      }
    }
    sites.set("class_counts", counts);
    return sites;
  }

  private static ObjectNode provenance(Plan plan, Manifest manifest, List<UnitResult> units) {
    ObjectNode p = Json.object();
    String version = Results.class.getPackage().getImplementationVersion();
    p.put("version", version == null ? "unknown" : version);
    p.put("git_commit", manifest.gitCommit());
    // A resumed run may have run on newer code: which commit ran which units.
    ObjectNode byCommit = p.putObject("units_by_commit");
    units.forEach(u -> byCommit.withArray(u.gitCommit()).add(u.method() + " seed " + u.seed()));
    ArrayNode seeds = p.putArray("seeds");
    plan.seeds().forEach(seeds::add);
    p.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    p.put("start_time", manifest.started().toString());
    p.put("duration_seconds", units.stream().mapToDouble(UnitResult::seconds).sum());
    // The bytes the run read: each data file by its name in the project (or as the scenario gave
    // it).
    ObjectNode data = p.putObject("data_sha256");
    plan.scenario().dataFiles().forEach((name, file) -> data.put(name, DataFiles.sha256(file)));
    return p;
  }

  /** What a run's outcome depends on, besides its configuration: the code, the build and conf/. */
  private static final List<String> CODE =
      List.of(
          "conf",
          "pom.xml",
          "learners/pom.xml",
          "learners/src/main",
          "actors/pom.xml",
          "actors/src/main",
          "simulation/pom.xml",
          "simulation/src/main");

  /**
   * The commit checked out in {@code directory}, with "+modified" when the code or conf/ differ
   * from it (results and documentation do not count); "unknown" outside git.
   */
  static String gitCommit(Path directory) {
    String head = git(directory, "rev-parse", "HEAD");
    if (head == null || !head.matches("[0-9a-f]{40}")) return "unknown";
    List<String> status =
        new ArrayList<>(List.of("status", "--porcelain", "--untracked-files=no", "--"));
    status.addAll(CODE);
    String changes = git(directory, status.toArray(String[]::new));
    return changes == null || changes.isEmpty() ? head : head + "+modified";
  }

  private static String git(Path directory, String... arguments) {
    try {
      List<String> command = new ArrayList<>(List.of("git"));
      command.addAll(List.of(arguments));
      Process git =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(git.getInputStream().readAllBytes()).trim();
      return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static ObjectNode method(List<String> agents, List<UnitResult> units) {
    ObjectNode m = Json.object();
    List<UnitResult> applicable = units.stream().filter(u -> u.notApplicable() == null).toList();
    if (applicable.isEmpty()) {
      m.put("not_applicable", units.isEmpty() ? "not run" : units.get(0).notApplicable());
      return m;
    }
    ArrayNode seeds = m.putArray("seeds");
    applicable.forEach(u -> seeds.add(u.seed()));
    ObjectNode accuracy = m.putObject("accuracy");
    m.set("median", medians(agents, applicable, UnitResult::accuracy, accuracy));
    // A site whose cluster node was lost mid-run (coopdistill.cluster.on-learner-loss = continue)
    // has
    // no accuracy (NaN) for that seed: listed under lost_agents, left out of the medians.
    ObjectNode lost = Json.object();
    for (int i = 0; i < agents.size(); i++) {
      final int agent = i;
      applicable.stream()
          .filter(u -> Double.isNaN(u.accuracy()[agent]))
          .forEach(u -> lost.withArray(agents.get(agent)).add(u.seed()));
    }
    if (!lost.isEmpty()) m.set("lost_agents", lost);
    m.set("balanced_accuracy", balancedAccuracy(agents, applicable));
    if (applicable.stream().anyMatch(u -> !u.laterRounds().isEmpty()))
      m.set("rounds", rounds(agents, applicable));
    if (applicable.stream()
        .anyMatch(u -> u.distillation() != null && u.distillation().accepted() != null)) {
      m.set("acceptance", acceptance(agents, applicable));
    }
    m.put("seconds", applicable.stream().mapToDouble(UnitResult::seconds).sum());
    return m;
  }

  /**
   * Whether each agent kept its retrained model ({@code coopdistill.distillation.accept =
   * if-better}), per seed (seed order as {@code seeds}; null where the seed's first round judged
   * nothing), and how many times it refused.
   */
  private static ObjectNode acceptance(List<String> agents, List<UnitResult> applicable) {
    ObjectNode a = Json.object();
    ObjectNode accepted = a.putObject("accepted");
    ObjectNode refused = a.putObject("refused");
    for (int i = 0; i < agents.size(); i++) {
      ArrayNode perSeed = accepted.putArray(agents.get(i));
      int refusals = 0;
      for (UnitResult u : applicable) {
        boolean[] decided = u.distillation() == null ? null : u.distillation().accepted();
        if (decided == null) {
          perSeed.addNull();
        } else {
          perSeed.add(decided[i]);
          if (!decided[i]) refusals++;
        }
      }
      refused.put(agents.get(i), refusals);
    }
    return a;
  }

  /**
   * Balanced test accuracy per agent and seed (seed order as {@code seeds}) and its medians, as
   * accuracy's; a note instead where a unit was run by a version that did not record it.
   */
  private static ObjectNode balancedAccuracy(List<String> agents, List<UnitResult> applicable) {
    ObjectNode b = Json.object();
    // NaN where the accuracy is NaN too is a lost site, not a missing record.
    boolean recorded =
        applicable.stream()
            .allMatch(
                u ->
                    u.balancedAccuracy() != null
                        && IntStream.range(0, agents.size())
                            .noneMatch(
                                i ->
                                    Double.isNaN(u.balancedAccuracy()[i])
                                        && !Double.isNaN(u.accuracy()[i])));
    if (!recorded) {
      b.put(
          "not_recorded",
          "N/A: some units were run by a version that did not record balanced accuracy");
      return b;
    }
    ObjectNode values = b.putObject("agents");
    b.set("median", medians(agents, applicable, UnitResult::balancedAccuracy, values));
    return b;
  }

  /**
   * Test accuracy after each round r = 1, 2, ...: per agent over seeds (seed order as {@code
   * seeds}) and its medians, as accuracy's. A trial that stopped before round r (no learner
   * improved on validation) counts with its last round's models, which are what it ends with;
   * {@code trials} says how many trials ran round r.
   */
  private static ArrayNode rounds(List<String> agents, List<UnitResult> applicable) {
    ArrayNode rounds = Json.MAPPER.createArrayNode();
    int most = applicable.stream().mapToInt(u -> u.rounds().size()).max().orElse(0);
    for (int r = 0; r < most; r++) {
      final int round = r;
      ObjectNode n = rounds.addObject();
      n.put("round", r + 1);
      n.put("trials", applicable.stream().filter(u -> u.rounds().size() > round).count());
      ObjectNode values = n.putObject("accuracy");
      n.set(
          "median",
          medians(
              agents,
              applicable,
              u -> u.rounds().get(Math.min(round, u.rounds().size() - 1)).distilledAccuracy(),
              values));
    }
    return rounds;
  }

  /**
   * Puts each agent's values over seeds ({@code of} a unit, indexed by agent) into {@code values};
   * returns their medians per agent and the median of those over agents, leaving out lost sites
   * (NaN).
   */
  private static ObjectNode medians(
      List<String> agents,
      List<UnitResult> applicable,
      Function<UnitResult, double[]> of,
      ObjectNode values) {
    ObjectNode median = Json.object();
    ObjectNode perAgent = median.putObject("agents");
    double[] medians = new double[agents.size()];
    for (int i = 0; i < agents.size(); i++) {
      final int agent = i;
      double[] v = applicable.stream().mapToDouble(u -> of.apply(u)[agent]).toArray();
      values.set(agents.get(i), Json.array(v));
      medians[i] = median(Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray());
      perAgent.put(agents.get(i), medians[i]);
    }
    median.put(
        "over_agents", median(Arrays.stream(medians).filter(x -> !Double.isNaN(x)).toArray()));
    return median;
  }

  /**
   * The reference method's counterfactuals (or the first distilling method's), summed over seeds;
   * above {@code denseUpTo} agents each matrix is the list of its non-zero pairs ({@link
   * #PAIRS_LAYOUT}).
   */
  private static ObjectNode counterfactuals(
      List<String> agents, Plan plan, List<UnitResult> units, int denseUpTo) {
    ObjectNode c = Json.object();
    c.set("agents", Json.strings(agents));
    boolean pairs = agents.size() > denseUpTo;
    if (pairs) c.put("layout", PAIRS_LAYOUT);
    ObjectNode byMethod = Json.object();
    for (Method method : plan.methods()) {
      List<PairCounts> rounds =
          units.stream()
              .filter(u -> u.method().equals(method.name()))
              .flatMap(u -> u.rounds().stream())
              .map(DistillationResult::counts)
              .toList();
      if (rounds.isEmpty()) continue;
      ObjectNode m = byMethod.putObject(method.name());
      PairCounts total = PairCounts.sum(rounds, agents.size());
      for (Count count : Count.values())
        m.set(
            count.key(),
            pairs ? Json.nonZeroPairs(total.of(count)) : Json.array(total.of(count).dense()));
      long searched = total.of(Count.SEARCHED).total();
      long failed = total.of(Count.FAILED).total();
      m.put("success_ratio", searched == 0 ? Double.NaN : 1.0 - (double) failed / searched);
    }
    String reference =
        byMethod.has(REFERENCE_METHOD)
            ? REFERENCE_METHOD
            : byMethod.fieldNames().hasNext() ? byMethod.fieldNames().next() : null;
    if (reference != null) {
      c.put("method", reference);
      c.setAll((ObjectNode) byMethod.get(reference).deepCopy());
    }
    c.set("by_method", byMethod);
    return c;
  }

  /**
   * Experiment 6: per seed, the covariate (shared features) and the reference method's mean gain
   * over the baseline; their correlation.
   */
  private static ObjectNode covariate(Plan plan, List<UnitResult> units) {
    ObjectNode c = Json.object();
    c.put("name", plan.scenario().covariateName());
    ArrayNode trials = c.putArray("trials");
    double[] x = new double[plan.seeds().size()];
    double[] gain = new double[x.length];
    int n = 0;
    for (long seed : plan.seeds()) {
      UnitResult base = unit(units, "baseline", seed);
      UnitResult cooperative = unit(units, REFERENCE_METHOD, seed);
      if (base == null
          || cooperative == null
          || base.notApplicable() != null
          || cooperative.notApplicable() != null) continue;
      x[n] = plan.scenario().covariate(seed).orElse(Double.NaN);
      gain[n] = mean(cooperative.accuracy()) - mean(base.accuracy());
      ObjectNode t = trials.addObject();
      t.put("seed", seed);
      t.put("value", x[n]);
      t.put("gain", gain[n]);
      n++;
    }
    boolean defined = n >= 3 && Arrays.stream(x, 0, n).distinct().count() > 1;
    c.put(
        "pearson",
        defined
            ? new PearsonsCorrelation().correlation(Arrays.copyOf(x, n), Arrays.copyOf(gain, n))
            : Double.NaN);
    c.put("gain_of", REFERENCE_METHOD + " - baseline, mean over agents");
    return c;
  }

  private static UnitResult unit(List<UnitResult> units, String method, long seed) {
    return units.stream()
        .filter(u -> u.method().equals(method) && u.seed() == seed)
        .findFirst()
        .orElse(null);
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  static double median(double[] values) {
    if (values.length == 0) return Double.NaN;
    double[] s = values.clone();
    Arrays.sort(s);
    return (s[(s.length - 1) / 2] + s[s.length / 2]) / 2;
  }
}
