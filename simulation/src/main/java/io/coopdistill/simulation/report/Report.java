package io.coopdistill.simulation.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.learners.AtomicFiles;
import io.coopdistill.simulation.run.Results;
import io.coopdistill.simulation.run.SeedLevelStatistics;
import io.coopdistill.simulation.run.SimulationRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Renders a run's results.json as results.md (the paper's Table 1 and the counterfactual counts)
 * and PNG charts.
 */
public final class Report {
  /**
   * The columns of {@link #seedCells}: a table's header from its first column on, and their
   * alignment after the first.
   */
  private static final String SEED_HEADER =
      "| method | seeds | mean gain | 95% interval (seeds resampled) | seeds won / tied / lost | p "
          + "| smallest possible p | detectable gain |\n";

  private static final String SEED_ALIGN = "---:|---:|---:|---:|---:|---:|---:|\n";

  /** What the trials column of the round tables says, where some trial stopped early. */
  private static final String TRIALS_NOTE =
      "; trials: how many trials ran the round (the others had stopped)";

  private Report() {}

  /**
   * Writes results.md and the charts into {@code dir}, the directory of {@code results}; returns
   * the files written. The charts of the illustration's source rows are drawn when its private side
   * ({@link SimulationRunner#PRIVATE_ILLUSTRATION}) lies beside results.json.
   */
  public static List<Path> render(Path dir, JsonNode results) {
    JsonNode sample = SimulationRunner.privateIllustration(dir, results).orElse(null);
    List<Path> written = new ArrayList<>();
    Path md = dir.resolve("results.md");
    AtomicFiles.write(md, markdown(results, sample).getBytes(StandardCharsets.UTF_8));
    written.add(md);
    written.addAll(Charts.render(dir, results, sample));
    return written;
  }

  /** The table of median accuracies, methods by agents, as plain text for the terminal. */
  public static String summary(JsonNode results) {
    List<String> agents = agents(results);
    StringBuilder s =
        new StringBuilder(partial(results).map(line -> line + System.lineSeparator()).orElse(""));
    s.append(String.format("%-26s", "median accuracy"));
    for (String agent : agents) s.append(String.format(" %12s", shorten(agent)));
    s.append(String.format(" %12s%n", "all agents"));
    for (Iterator<Map.Entry<String, JsonNode>> it = results.get("methods").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      s.append(String.format("%-26s", m.getKey()));
      for (String agent : agents) s.append(String.format(" %12s", cell(m.getValue(), agent)));
      s.append(String.format(" %12s%n", cell(m.getValue(), null)));
    }
    return s.toString();
  }

  /** For the report of an unfinished run: how many of its seeds it covers. */
  private static Optional<String> partial(JsonNode results) {
    JsonNode p = results.get("partial");
    return p == null
        ? Optional.empty()
        : Optional.of(
            String.format(
                "Unfinished run: the %d of %d seeds on which every method has finished.",
                p.get("seeds_finished").asInt(), p.get("seeds_planned").asInt()));
  }

  static String markdown(JsonNode r, JsonNode sample) {
    List<String> agents = agents(r);
    StringBuilder s = new StringBuilder();
    s.append("# ")
        .append(r.get("scenario").asText())
        .append("\n\n")
        .append(r.get("description").asText())
        .append("\n\n");
    JsonNode p = r.get("provenance");
    s.append(
        String.format(
            "Seeds: %s. Version %s, commit %s, %s. Started %s; %.1f s of compute.%n%n",
            p.get("seeds"),
            p.get("version").asText(),
            p.get("git_commit").asText(),
            p.get("java").asText(),
            p.get("start_time").asText(),
            p.get("duration_seconds").asDouble()));
    partial(r).ifPresent(line -> s.append("**").append(line).append("**\n\n"));
    JsonNode byCommit = p.path("units_by_commit");
    if (byCommit.size() > 1) {
      s.append("Resumed on other code; units per commit:");
      byCommit
          .fields()
          .forEachRemaining(
              c ->
                  s.append(' ')
                      .append(c.getKey())
                      .append(" (")
                      .append(c.getValue().size())
                      .append(')'));
      s.append(".\n\n");
    }
    s.append("## Test accuracy (median over seeds), as the paper's Table 1\n\n");
    medianTable(s, agents, r.get("methods"), m -> m);
    StringBuilder reasons = new StringBuilder();
    r.get("methods")
        .fields()
        .forEachRemaining(
            m -> {
              if (m.getValue().has("not_applicable")) {
                reasons
                    .append("- `")
                    .append(m.getKey())
                    .append("` is N/A: ")
                    .append(m.getValue().get("not_applicable").asText())
                    .append('\n');
              }
            });
    // Below the table: a line inside it would end the Markdown table.
    if (reasons.length() > 0) s.append('\n').append(reasons);
    paired(s, r.get("methods"));
    acceptance(s, agents, r.get("methods"));
    rounds(s, r.get("methods"));
    s.append(
        "\n## Balanced test accuracy (median over seeds)\n\nThe mean over the test set's classes of the share of each class "
            + "predicted correctly: a constant predictor scores 1/classes whatever the class shares. N/A where the run's version did "
            + "not record it.\n\n");
    medianTable(s, agents, r.get("methods"), m -> m.path("balanced_accuracy"));
    JsonNode c = r.get("counterfactuals");
    if (c.has("method")) {
      s.append(
          String.format(
              "%n## Counterfactuals of `%s` (teacher rows × student columns, summed over seeds)%n%n",
              c.get("method").asText()));
      s.append(String.format("Success ratio %.3f.%n%n", c.get("success_ratio").asDouble()));
      if (pairsLayout(c)) {
        topPairs(s, agents, c);
      } else {
        matrix(s, "generated", agents, c.get("generated"));
        matrix(s, "kept after set cover", agents, c.get("kept"));
      }
    }
    if (r.has("privacy"))
      privacy(
          s,
          r.get("privacy"),
          r.path("config").path("coopdistill").path("privacy").path("guard").asText("?"));
    if (r.has("privacy")) likelihoodRatio(s, r.get("privacy"));
    if (r.has("privacy")) selectionMatched(s, r.get("privacy"));
    if (r.has("phases") && r.get("phases").size() > 0) {
      s.append("\n## Seconds per phase (summed over seeds)\n\n| method |");
      JsonNode any = r.get("phases").elements().next();
      any.fieldNames().forEachRemaining(f -> s.append(' ').append(f).append(" |"));
      s.append("\n|---|");
      any.fieldNames().forEachRemaining(f -> s.append("---:|"));
      s.append('\n');
      r.get("phases")
          .fields()
          .forEachRemaining(
              m -> {
                s.append("| ").append(m.getKey()).append(" |");
                m.getValue()
                    .elements()
                    .forEachRemaining(v -> s.append(String.format(" %.1f |", v.asDouble())));
                s.append('\n');
              });
    }
    if (r.has("covariate")) {
      JsonNode cv = r.get("covariate");
      s.append(
          String.format(
              "%n## Gain against %s%n%nPearson correlation between %s and the gain (%s) over %d trials: %.3f.%n",
              cv.get("name").asText(),
              cv.get("name").asText(),
              cv.get("gain_of").asText(),
              cv.get("trials").size(),
              cv.get("pearson").asDouble()));
    }
    // Without the private sample at hand, the charts of its source rows are those the run drew from
    // it, as results.json's illustration says.
    s.append("\nCharts: ")
        .append(String.join(", ", Charts.names(r, sample == null ? r.get("illustration") : sample)))
        .append(".\n");
    return s.toString();
  }

  /**
   * Methods by agents: the medians that {@code of} finds in each method's node ({@code median}), or
   * N/A.
   */
  private static void medianTable(
      StringBuilder s, List<String> agents, JsonNode methods, UnaryOperator<JsonNode> of) {
    s.append("| method |");
    agents.forEach(a -> s.append(' ').append(a).append(" |"));
    s.append(" median over agents |\n|---|");
    agents.forEach(a -> s.append("---:|"));
    s.append("---:|\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = methods.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      JsonNode values = of.apply(m.getValue());
      s.append("| ").append(m.getKey()).append(" |");
      for (String agent : agents) s.append(' ').append(cell(values, agent)).append(" |");
      s.append(" **").append(cell(values, null)).append("** |\n");
    }
  }

  /**
   * Each judging method's students' refusals of their retrained models ({@code
   * coopdistill.distillation.accept = if-better}).
   */
  private static void acceptance(StringBuilder s, List<String> agents, JsonNode methods) {
    StringBuilder rows = new StringBuilder();
    methods
        .fields()
        .forEachRemaining(
            m -> {
              JsonNode a = m.getValue().path("acceptance");
              if (a.isMissingNode()) return;
              rows.append("| ").append(m.getKey()).append(" |");
              for (String agent : agents) {
                rows.append(' ')
                    .append(a.path("refused").path(agent).asInt())
                    .append(" of ")
                    .append(a.path("accepted").path(agent).size())
                    .append(" |");
              }
              rows.append('\n');
            });
    if (rows.length() == 0) return;
    s.append(
        "\n## Lessons refused (accept = if-better)\n\nSeeds in which the agent kept its previous model because the retrained "
            + "one was not strictly better on its validation rows; its accuracy for those seeds is the previous model's.\n\n| method |");
    agents.forEach(a -> s.append(' ').append(a).append(" |"));
    s.append("\n|---|");
    agents.forEach(a -> s.append("---:|"));
    s.append('\n').append(rows);
  }

  /**
   * Each method against the baseline over seeds, from {@code seed_level}, then over (agent, seed)
   * pairs, from {@code paired_vs_baseline}.
   */
  private static void paired(StringBuilder s, JsonNode methods) {
    List<String> seedRows = new ArrayList<>();
    List<String> pairRows = new ArrayList<>();
    methods
        .fields()
        .forEachRemaining(
            m -> {
              JsonNode seeds = m.getValue().get("seed_level");
              if (seeds != null) seedRows.add("| " + m.getKey() + " | " + seedCells(seeds));
              JsonNode p = m.getValue().get("paired_vs_baseline");
              if (p != null) pairRows.add("| " + m.getKey() + " | " + pairedCells(p));
            });
    if (!seedRows.isEmpty()) {
      s.append(
          "\n## Against the baseline, over seeds (the figures to read)\n\nThe seeds are a run's independent units: the agents of one "
              + "seed share its data draw, its training seed and its round, so only a whole seed replicates the experiment. A seed's gain: "
              + "the mean over its agents of the method's test accuracy minus the baseline's, in points. Interval: percentile bootstrap of "
              + "the mean gain resampling whole seeds with their agents (seeded, coopdistill.report.bootstrap); with few seeds it is no wider "
              + "than the range of the seeds' gains and covers less than 95%. p: sign-flip permutation test of the seeds' gains, two-sided, "
              + "exact up to "
              + SeedLevelStatistics.MOST_EXACT
              + " seeds; with n seeds it cannot go below 2/2^n (3 seeds: 0.25, 5: 0.0625, "
              + "10: 0.002), so fewer than 6 seeds cannot show a gain at the 5% level, however large. Detectable gain: the smallest true "
              + "mean gain this test finds at the 5% level with 80% power, given the spread of these seeds' gains (t approximation); none "
              + "where 2/2^n is at least 0.05.\n\n"
              + SEED_HEADER
              + "|---|"
              + SEED_ALIGN);
      seedRows.forEach(row -> s.append(row).append('\n'));
    }
    if (pairRows.isEmpty()) return;
    s.append(
        "\n## Against the baseline, paired over (agent, seed)\n\nGain: the method's test accuracy minus the baseline's, same agent "
            + "and seed, in points. Interval: percentile bootstrap of the mean gain over the pairs (seeded, coopdistill.report.bootstrap). "
            + "The pairs of one seed are not independent, and this interval and the Wilcoxon p treat them as if they were: the interval "
            + "may be narrower or wider than the one over seeds, and the p is smaller than the seeds support. Read them for wins / ties / "
            + "losses and the spread over agents, and the figures over seeds to tell a gain from none. Wilcoxon signed-rank test, "
            + "two-sided, zero differences left out; exact below 21 non-zero differences without ties, else the normal approximation.\n\n"
            + "| method | pairs | mean gain | 95% interval | wins / ties / losses | Wilcoxon p |\n|---|---:|---:|---:|---:|---:|\n");
    pairRows.forEach(row -> s.append(row).append('\n'));
  }

  /**
   * Seeds, mean gain, interval, seeds won / tied / lost, p, its floor and the detectable gain of a
   * {@code seed_level}, as table cells.
   */
  private static String seedCells(JsonNode l) {
    JsonNode p = l.get("p");
    String test =
        p.isNull()
            ? "N/A"
            : String.format("%.3g", p.asDouble())
                + (l.get("test").asText().equals(SeedLevelStatistics.EXACT)
                    ? ""
                    : " (Monte Carlo)");
    return String.format(
        "%d | %s | [%s, %s] | %d / %d / %d | %s | %s | %s |",
        l.get("seeds").asInt(),
        points(l.get("mean_gain")),
        points(l.get("ci95").get(0)),
        points(l.get("ci95").get(1)),
        l.get("wins").asInt(),
        l.get("ties").asInt(),
        l.get("losses").asInt(),
        test,
        l.get("smallest_p").isNull()
            ? "N/A"
            : String.format("%.3g", l.get("smallest_p").asDouble()),
        l.get("mde").isNull() ? "none" : String.format("%.2f", 100 * l.get("mde").asDouble()));
  }

  /**
   * Pairs, mean gain, interval, wins / ties / losses and Wilcoxon p of a {@code
   * paired_vs_baseline}, as table cells.
   */
  private static String pairedCells(JsonNode p) {
    return String.format(
        "%d | %s | [%s, %s] | %d / %d / %d | %s |",
        p.get("pairs").asInt(),
        points(p.get("mean_gain")),
        points(p.get("ci95").get(0)),
        points(p.get("ci95").get(1)),
        p.get("wins").asInt(),
        p.get("ties").asInt(),
        p.get("losses").asInt(),
        p.get("wilcoxon_p").isNull()
            ? "N/A"
            : String.format(
                "%.3g (%s)", p.get("wilcoxon_p").asDouble(), p.get("wilcoxon_method").asText()));
  }

  /** Median over agents of the test accuracy after each round, for the methods that ran several. */
  private static void rounds(StringBuilder s, JsonNode methods) {
    int most = 0;
    for (JsonNode m : methods) most = Math.max(most, m.path("rounds").size());
    if (most > 0) roundTable(s, methods, most);
  }

  private static void roundTable(StringBuilder s, JsonNode methods, int most) {
    boolean stopped = anyStoppedEarly(methods);
    s.append(
        "\n## Test accuracy after each round (median over seeds, then over agents)\n\nRound 0 is the baseline. "
            + (stopped
                ? "A trial stops before its last round when none of its learners with validation rows improved on them; "
                    + "such a trial counts with its last round's models."
                : "Every trial ran every round: a trial stops early only when its sites hold validation rows (a scenario's "
                    + "validation-fraction) and none improved on them, which did not happen here.")
            + "\n\n| method | round 0 |");
    for (int r = 1; r <= most; r++) s.append(" round ").append(r).append(" |");
    s.append("\n|---|---:|");
    for (int r = 1; r <= most; r++) s.append("---:|");
    s.append('\n');
    String baseline = methods.has("baseline") ? cell(methods.get("baseline"), null) : "N/A";
    methods
        .fields()
        .forEachRemaining(
            m -> {
              JsonNode rounds = m.getValue().path("rounds");
              if (rounds.isEmpty()) return;
              s.append("| ").append(m.getKey()).append(" | ").append(baseline).append(" |");
              for (int r = 0; r < most; r++)
                s.append(' ')
                    .append(r < rounds.size() ? cell(rounds.get(r), null) : "")
                    .append(" |");
              s.append('\n');
            });
    roundGains(s, methods, stopped);
  }

  /** Whether a round of some method was run by fewer trials than the method's seeds. */
  private static boolean anyStoppedEarly(JsonNode methods) {
    for (JsonNode m : methods)
      for (JsonNode round : m.path("rounds"))
        if (round.path("trials").asInt() < m.path("seeds").size()) return true;
    return false;
  }

  /**
   * Each round against the baseline, over seeds and over (agent, seed) pairs as the method's own
   * gain above.
   */
  private static void roundGains(StringBuilder s, JsonNode methods, boolean stopped) {
    List<String> seedRows = new ArrayList<>();
    List<String> pairRows = new ArrayList<>();
    methods
        .fields()
        .forEachRemaining(
            m ->
                m.getValue()
                    .path("rounds")
                    .forEach(
                        round -> {
                          String head =
                              "| "
                                  + m.getKey()
                                  + " | "
                                  + round.get("round").asInt()
                                  + " | "
                                  + (stopped ? round.path("trials").asText("N/A") + " | " : "");
                          if (round.has("seed_level"))
                            seedRows.add(head + seedCells(round.get("seed_level")));
                          if (round.has("paired_vs_baseline"))
                            pairRows.add(head + pairedCells(round.get("paired_vs_baseline")));
                        }));
    if (!seedRows.isEmpty()) {
      s.append(
          "\nEach round against the baseline, over seeds as above (the figures to read)"
              + (stopped ? TRIALS_NOTE : "")
              + ":\n\n"
              + SEED_HEADER.replace(
                  "| method |", "| method | round |" + (stopped ? " trials |" : ""))
              + "|---|---:|"
              + (stopped ? "---:|" : "")
              + SEED_ALIGN);
      seedRows.forEach(row -> s.append(row).append('\n'));
    }
    if (pairRows.isEmpty()) return;
    s.append(
        "\nEach round against the baseline, paired over (agent, seed) as above"
            + (stopped ? TRIALS_NOTE : "")
            + ":\n\n| method | round |"
            + (stopped ? " trials |" : "")
            + " pairs | mean gain | 95% interval | wins / ties / losses | Wilcoxon p |\n"
            + "|---|---:|"
            + (stopped ? "---:|" : "")
            + "---:|---:|---:|---:|---:|\n");
    pairRows.forEach(row -> s.append(row).append('\n'));
  }

  private static String points(JsonNode fraction) {
    return fraction.isNull() ? "N/A" : String.format("%+.2f", 100 * fraction.asDouble());
  }

  /**
   * The privacy audit: pooled figures per method (medians over seeds), then each site's, then each
   * later round's pooled.
   */
  private static void privacy(StringBuilder s, JsonNode privacy, String guard) {
    s.append(String.format("%n## Privacy audit (guard `%s`; medians over seeds)%n%n", guard));
    s.append(
        "Distances are L2 in the encoded feature space. A near-copy lies closer to a private row of its site than r_s, the 1st "
            + "percentile of the site's nearest-neighbour distances (none under a guard with a floor, by construction). The attack scores each "
            + "record by its distance to the nearest instance its site sent (members: the rows the instances came from or were anchored at; "
            + "non-members: the site's held-out rows, or test rows of the same class mix, less copies of its rows), each site at its own "
            + "threshold, the ROC interpolated; the AUC's interval is over seeds. Class-matched: each site's non-members are weighted to its "
            + "members' class mix (the members are mostly of the classes taught), so an attack that only tells classes apart scores AUC 0.5; "
            + "*unmatched AUC* leaves them unweighted (n/a: an audit before the classes were matched, whose AUC is the unmatched one). Controls: the same attack on the source rows, and on a random "
            + "5% of the rows, sent unchanged; an attack that flags fewer than half of a control's copies at 1% FPR is *insensitive* and shows "
            + "nothing safe. The snapshot attack scores the site's own model's confidence in each member's class: the floor any figure of the "
            + "instances is compared with. A method that ran several rounds has a pooled row per round (`round r`); its other rows are round 1's.\n\n");
    s.append(
        "| method | site | r_s | sent | near-copy rate | DCR p01 | DCR p05 | DCR p50 | attack AUC (95% CI) | TPR at 1% FPR "
            + "| controls' TPR | snapshot TPR | unmatched AUC |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    privacy
        .fields()
        .forEachRemaining(
            m -> {
              privacyRow(s, m.getKey(), "pooled", m.getValue());
              m.getValue()
                  .get("sites")
                  .forEach(site -> privacyRow(s, m.getKey(), site.get("site").asText(), site));
              m.getValue()
                  .path("rounds")
                  .forEach(
                      round -> {
                        if (round.get("round").asInt() > 1 && round.has("sent"))
                          privacyRow(s, m.getKey(), "round " + round.get("round").asInt(), round);
                      });
            });
    furtherAttacks(s, privacy);
  }

  /**
   * The likelihood-ratio attack, where the audit made it: per method its pooled figures, then each
   * site's, beside the plain snapshot attack it calibrates.
   */
  private static void likelihoodRatio(StringBuilder s, JsonNode privacy) {
    perMethod(
        s,
        privacy,
        m -> m.has("lira"),
        "\n**Likelihood-ratio attack** (LiRA, Carlini et al. 2022; `coopdistill.privacy.audit.shadow-models`"
            + " shadows per site, each on a random half of the site's rows and non-members). On the instances: the"
            + " confidence of a model the students train with the site's learner on the instances received, against the"
            + " shadows that did not train on each record (offline); controls: the same with the copies sent instead."
            + " On the snapshot: the likelihood ratio of its confidence under each record's IN and OUT shadows"
            + " (online), beside the plain confidence attack. AUC (95% CI over seeds) / TPR at 1% FPR.\n\n",
        "| method | site | instances | controls' TPR | snapshot, LiRA | snapshot, confidence |",
        Report::likelihoodRatioRow);
  }

  /**
   * The distance and the snapshot attacks selection-matched, where the audit measured them: per
   * method the pooled figures, then each site's.
   */
  private static void selectionMatched(StringBuilder s, JsonNode privacy) {
    perMethod(
        s,
        privacy,
        m -> m.at("/membership_selected/seeds").asInt() > 0,
        "\n**Selection-matched.** A source row is one some teacher predicts and its student does not, so it differs from a"
            + " random non-member before anything is sent. Here the members are the source rows and the non-members only"
            + " those the same rule selects (for a teacher and student the site sent an instance for), class-matched as"
            + " above: what the instances tell beyond which rows were chosen, against the snapshot attack on the same"
            + " records. AUC (95% CI over seeds) / TPR at 1% FPR.\n\n",
        "| method | site | members / non-members | instances | snapshot | instances − snapshot, AUC |",
        Report::selectionMatchedRow);
  }

  /** One row of a per-method privacy table: a method's figures, pooled or of one site. */
  private interface PrivacyRow {
    void write(StringBuilder s, String method, String site, JsonNode figures);
  }

  /**
   * A privacy table of six columns, if some method has what it shows ({@code shown}): after {@code
   * intro} and {@code header}, each method's pooled row, then its sites'.
   */
  private static void perMethod(
      StringBuilder s,
      JsonNode privacy,
      Predicate<JsonNode> shown,
      String intro,
      String header,
      PrivacyRow row) {
    List<Map.Entry<String, JsonNode>> methods = new ArrayList<>();
    privacy.fields().forEachRemaining(m -> methods.add(m));
    if (methods.stream().noneMatch(m -> shown.test(m.getValue()))) return;
    s.append(intro).append(header).append('\n');
    s.append("|---|---|---:|---:|---:|---:|\n");
    for (Map.Entry<String, JsonNode> m : methods) {
      row.write(s, m.getKey(), "pooled", m.getValue());
      m.getValue()
          .path("sites")
          .forEach(site -> row.write(s, m.getKey(), site.get("site").asText(), site));
    }
  }

  private static void selectionMatchedRow(StringBuilder s, String method, String site, JsonNode f) {
    JsonNode instances = f.path("membership_selected");
    JsonNode snapshot = f.at("/snapshot/membership_selected");
    if (instances.path("seeds").asInt() == 0) return;
    double difference = instances.get("auc").asDouble() - snapshot.path("auc").asDouble(Double.NaN);
    s.append(
        String.format(
            "| %s | %s | %.0f / %.0f | %s | %s | %s |%n",
            method,
            site,
            instances.get("members").asDouble(),
            instances.get("non_members").asDouble(),
            aucAndTpr(instances),
            aucAndTpr(snapshot),
            Double.isNaN(difference) ? "n/a" : String.format("%+.3f", difference)));
  }

  private static void likelihoodRatioRow(StringBuilder s, String method, String site, JsonNode f) {
    JsonNode lira = f.path("lira");
    if (lira.isMissingNode()) return;
    s.append(
        String.format(
            "| %s | %s | %s%s | %s | %s | %s |%n",
            method,
            site,
            aucAndTpr(lira.get("membership")),
            lira.path("insensitive").asBoolean(false) ? " (insensitive)" : "",
            controlsTpr(lira),
            aucAndTpr(lira.at("/snapshot/membership")),
            aucAndTpr(f.at("/snapshot/membership"))));
  }

  private static String aucAndTpr(JsonNode a) {
    if (!a.has("auc") || a.path("seeds").asInt(1) == 0) return "n/a";
    return String.format(
        "%.3f (%.3f-%.3f) / %.1f%%",
        a.get("auc").asDouble(),
        a.get("auc_ci95").get(0).asDouble(),
        a.get("auc_ci95").get(1).asDouble(),
        100 * a.get("tpr_at_1pct_fpr").asDouble());
  }

  /**
   * The further attacks on what was sent, beside the distance attack and the snapshot floor: each
   * method's pooled figures, then each site's (none in a run recorded before them).
   */
  private static void furtherAttacks(StringBuilder s, JsonNode privacy) {
    boolean any = false;
    for (JsonNode m : privacy) any |= m.path("attacks").size() > 0;
    if (!any) return;
    s.append(
        "\n**Further attacks** on what was sent, with the same members, non-members and controls (round 1). "
            + "`output_space`: the students undo the search's move toward its target, f_T(x) ≈ (f_T(x') − α·onehot(y)) / (1 − α), and "
            + "score a record by its distance to the nearest instance in (x, w·f_T(x)), w the instances' median nearest-instance "
            + "distance. `anchor_inversion`: colluding students group the instances that agree exactly on most non-integer "
            + "coordinates (a shared anchor), estimate each group's anchor (per coordinate the value most of them keep, else the "
            + "median) and score a record by its distance to the nearest estimate.\n\n");
    s.append(
        "| method | site | attack | AUC (95% CI) | TPR at 1% FPR | controls' TPR | distance attack TPR | snapshot TPR |\n");
    s.append("|---|---|---|---:|---:|---:|---:|---:|\n");
    privacy
        .fields()
        .forEachRemaining(
            m -> {
              furtherAttackRows(s, m.getKey(), "pooled", m.getValue());
              m.getValue()
                  .get("sites")
                  .forEach(
                      site -> furtherAttackRows(s, m.getKey(), site.get("site").asText(), site));
            });
  }

  private static void furtherAttackRows(StringBuilder s, String method, String site, JsonNode f) {
    f.path("attacks")
        .fields()
        .forEachRemaining(
            a -> {
              JsonNode m = a.getValue().get("membership");
              s.append(
                  String.format(
                      "| %s | %s | %s | %.3f (%.3f-%.3f) | %.1f%%%s | %s | %.1f%% | %.1f%% |%n",
                      method,
                      site,
                      a.getKey(),
                      m.get("auc").asDouble(),
                      m.get("auc_ci95").get(0).asDouble(),
                      m.get("auc_ci95").get(1).asDouble(),
                      100 * m.get("tpr_at_1pct_fpr").asDouble(),
                      a.getValue().path("insensitive").asBoolean(false) ? " (insensitive)" : "",
                      controlsTpr(a.getValue()),
                      100 * f.at("/membership/tpr_at_1pct_fpr").asDouble(),
                      100 * f.at("/snapshot/membership/tpr_at_1pct_fpr").asDouble()));
            });
  }

  /** The TPR at 1% FPR of each control of the attack {@code f}, "n/a" without controls. */
  private static String controlsTpr(JsonNode f) {
    StringBuilder controls = new StringBuilder();
    f.path("controls")
        .forEach(
            c ->
                controls
                    .append(controls.length() == 0 ? "" : " / ")
                    .append(String.format("%.0f%%", 100 * c.get("tpr_at_1pct_fpr").asDouble())));
    return controls.length() == 0 ? "n/a" : controls.toString();
  }

  private static void privacyRow(StringBuilder s, String method, String site, JsonNode f) {
    JsonNode dcr = f.get("dcr");
    JsonNode m = f.get("membership");
    s.append(
        String.format(
            "| %s | %s | %s | %.0f | %.1f%% | %.3g | %.3g | %.3g | %.3f (%.3f-%.3f) | %.1f%%%s | %s | %s | %s |%n",
            method,
            site,
            f.has("r_s") ? String.format("%.3g", f.get("r_s").asDouble()) : "",
            f.get("sent").asDouble(),
            100 * f.get("near_copy_rate").asDouble(),
            dcr.get("p01").asDouble(),
            dcr.get("p05").asDouble(),
            dcr.get("p50").asDouble(),
            m.get("auc").asDouble(),
            m.get("auc_ci95").get(0).asDouble(),
            m.get("auc_ci95").get(1).asDouble(),
            100 * m.get("tpr_at_1pct_fpr").asDouble(),
            f.path("insensitive").asBoolean(false) ? " (insensitive)" : "",
            controlsTpr(f),
            f.has("snapshot")
                ? String.format(
                    "%.1f%%", 100 * f.at("/snapshot/membership/tpr_at_1pct_fpr").asDouble())
                : "n/a",
            m.has("auc_unmatched")
                ? String.format("%.3f", m.get("auc_unmatched").asDouble())
                : "n/a"));
  }

  /** Most (teacher, student) pairs {@link #topPairs} lists. */
  static final int TOP_PAIRS = 20;

  /** Whether results.json's counterfactuals list only their non-zero pairs. */
  static boolean pairsLayout(JsonNode counterfactuals) {
    return Results.PAIRS_LAYOUT.equals(counterfactuals.path("layout").asText());
  }

  /**
   * Counterfactuals stored as their non-zero pairs (many agents): how many pairs generated and kept
   * instances, and the {@link #TOP_PAIRS} pairs that kept the most, instead of two k×k tables.
   */
  private static void topPairs(StringBuilder s, List<String> agents, JsonNode c) {
    Map<List<Integer>, int[]> byPair = new HashMap<>();
    List<String> keys = List.of("generated", "kept");
    for (int k = 0; k < keys.size(); k++) {
      final int column = k;
      c.get(keys.get(k))
          .forEach(
              p ->
                  byPair
                          .computeIfAbsent(
                              List.of(p.get(0).asInt(), p.get(1).asInt()), key -> new int[2])[
                          column] =
                      p.get(2).asInt());
    }
    long generated = byPair.values().stream().filter(v -> v[0] > 0).count();
    long kept = byPair.values().stream().filter(v -> v[1] > 0).count();
    s.append(
        String.format(
            "%d agents: %d of the %d (teacher, student) pairs generated instances (%d in all) and %d kept some after set "
                + "cover (%d in all). results.json lists every non-zero pair (`counterfactuals.layout` = `%s`); no heatmap is drawn "
                + "at this size. The %d pairs that kept the most (then the lower teacher, then the lower student):%n%n"
                + "| teacher | student | generated | kept after set cover |%n|---|---|---:|---:|%n",
            agents.size(),
            generated,
            (long) agents.size() * (agents.size() - 1),
            byPair.values().stream().mapToLong(v -> v[0]).sum(),
            kept,
            byPair.values().stream().mapToLong(v -> v[1]).sum(),
            Results.PAIRS_LAYOUT,
            TOP_PAIRS));
    byPair.entrySet().stream()
        .sorted(
            Comparator.<Map.Entry<List<Integer>, int[]>>comparingInt(e -> -e.getValue()[1])
                .thenComparing(e -> e.getKey().get(0))
                .thenComparing(e -> e.getKey().get(1)))
        .limit(TOP_PAIRS)
        .forEach(
            e ->
                s.append(
                    String.format(
                        "| %s | %s | %d | %d |%n",
                        agents.get(e.getKey().get(0)),
                        agents.get(e.getKey().get(1)),
                        e.getValue()[0],
                        e.getValue()[1])));
    s.append('\n');
  }

  private static void matrix(StringBuilder s, String title, List<String> agents, JsonNode m) {
    s.append("**").append(title).append("**\n\n| teacher \\ student |");
    agents.forEach(a -> s.append(' ').append(a).append(" |"));
    s.append("\n|---|");
    agents.forEach(a -> s.append("---:|"));
    s.append('\n');
    for (int i = 0; i < agents.size(); i++) {
      s.append("| ").append(agents.get(i)).append(" |");
      for (int j = 0; j < agents.size(); j++)
        s.append(' ').append(m.get(i).get(j).asInt()).append(" |");
      s.append('\n');
    }
    s.append('\n');
  }

  /** A median accuracy in percent, or N/A; {@code agent} null for the median over agents. */
  private static String cell(JsonNode method, String agent) {
    if (!method.has("median")) return "N/A";
    JsonNode median = method.get("median");
    double v =
        agent == null
            ? median.get("over_agents").asDouble()
            : median.get("agents").get(agent).asDouble();
    return String.format("%.1f", 100 * v);
  }

  private static String shorten(String agent) {
    return agent.length() <= 12 ? agent : agent.substring(0, 12);
  }

  static List<String> agents(JsonNode r) {
    List<String> agents = new ArrayList<>();
    r.get("agents").forEach(a -> agents.add(a.asText()));
    return agents;
  }
}
