package io.coopdistill.simulation.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.learners.privacy.audit.Control;
import io.coopdistill.learners.privacy.audit.LikelihoodRatioAttack;
import io.coopdistill.learners.privacy.audit.PrivacyAudit;
import io.coopdistill.simulation.methods.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The {@code privacy} section of results.json: per distilling method, the privacy audit of its
 * first round over seeds. Each attack's figures are class-matched (each site's non-members weighted
 * to its members' class mix; {@code auc_unmatched} beside them is not), the medians over seeds,
 * with the mean's 95% interval over seeds (Student's t: the seeds are the repetitions; cut to [0,
 * 1]), the worst seed, and for the pooled figures the worst site; each site's figures likewise
 * under {@code sites}, every seed's audit under {@code by_seed}. A method that ran several rounds
 * also gets each round's pooled figures under {@code rounds[r]}, since later rounds teach from
 * models that learned from virtual rows.
 */
final class PrivacyResults {
  /** Where an attack with controls has its figures in a figures node, as JSON pointers. */
  private static final List<String> ATTACKED = attacked();

  /**
   * Where the distance attack's, the snapshot's and the likelihood-ratio attack's figures lie in a
   * figures node, as JSON pointers (the further attacks' lie under {@link Json#ATTACKS}).
   */
  private static final List<String> ATTACKS = attacks();

  private PrivacyResults() {}

  private static List<String> attacked() {
    List<String> paths =
        new ArrayList<>(List.of("/" + Json.MEMBERSHIP, "/" + Json.MEMBERSHIP_ALL_ROWS));
    for (Control c : Control.values()) paths.add("/" + Json.CONTROLS + "/" + c.key());
    return List.copyOf(paths);
  }

  private static List<String> attacks() {
    List<String> paths = new ArrayList<>(ATTACKED);
    paths.add("/" + Json.SNAPSHOT + "/" + Json.MEMBERSHIP);
    paths.add("/" + Json.SNAPSHOT + "/" + Json.MEMBERSHIP_ALL_ROWS);
    for (String path : List.copyOf(paths)) paths.add("/" + Json.LIRA + path);
    paths.add("/" + Json.MEMBERSHIP_SELECTED);
    paths.add("/" + Json.SNAPSHOT + "/" + Json.MEMBERSHIP_SELECTED);
    return List.copyOf(paths);
  }

  static ObjectNode of(Plan plan, List<UnitResult> units) {
    ObjectNode byMethod = Json.object();
    for (Method method : plan.methods()) {
      List<UnitResult> audited =
          units.stream()
              .filter(
                  u ->
                      u.method().equals(method.name())
                          && u.distillation() != null
                          && u.distillation().privacy() != null)
              .toList();
      if (audited.isEmpty()) continue;
      List<Long> seeds = audited.stream().map(UnitResult::seed).toList();
      List<PrivacyAudit> audits = audited.stream().map(u -> u.distillation().privacy()).toList();
      ObjectNode m = overSeeds(audits.stream().map(PrivacyAudit::pooled).toList(), seeds);
      ArrayNode sites = m.putArray("sites");
      int k = audits.get(0).sites().size();
      for (int site = 0; site < k; site++) {
        final int s = site;
        List<Integer> having =
            IntStream.range(0, audits.size())
                .filter(a -> audits.get(a).sites().size() > s)
                .boxed()
                .toList();
        List<PrivacyAudit.Figures> of =
            having.stream().map(a -> audits.get(a).sites().get(s)).toList();
        ObjectNode n = overSeeds(of, having.stream().map(seeds::get).toList());
        n.put("site", plan.scenario().agents().get(of.get(0).site()));
        n.put(
            "r_s", Results.median(of.stream().mapToDouble(PrivacyAudit.Figures::radius).toArray()));
        sites.add(n);
      }
      List<String> attacks = new ArrayList<>(ATTACKS);
      // Each further attack's figures and controls, as the distance attack's.
      m.get(Json.ATTACKS)
          .fieldNames()
          .forEachRemaining(
              key -> {
                for (String path : ATTACKED) attacks.add("/" + Json.ATTACKS + "/" + key + path);
              });
      for (String attack : attacks)
        if (m.at(attack) instanceof ObjectNode pooled) worstSite(pooled, sites, attack);
      ArrayNode bySeed = m.putArray("by_seed");
      for (UnitResult u : audited) {
        ObjectNode one = bySeed.addObject();
        one.put("seed", u.seed());
        one.setAll(Json.of(u.distillation().privacy()));
      }
      int most = audited.stream().mapToInt(u -> u.rounds().size()).max().orElse(1);
      if (most > 1) byRound(m.putArray("rounds"), audited, most);
      byMethod.set(method.name(), m);
    }
    return byMethod;
  }

  /** Round r's pooled figures over the trials that ran it. */
  private static void byRound(ArrayNode rounds, List<UnitResult> audited, int most) {
    for (int round = 0; round < most; round++) {
      final int r = round;
      List<UnitResult> ran =
          audited.stream()
              .filter(u -> u.rounds().size() > r && u.rounds().get(r).privacy() != null)
              .toList();
      ObjectNode n = rounds.addObject();
      n.put("round", r + 1);
      n.put("trials", ran.size());
      if (!ran.isEmpty()) {
        n.setAll(
            overSeeds(
                ran.stream().map(u -> u.rounds().get(r).privacy().pooled()).toList(),
                ran.stream().map(UnitResult::seed).toList()));
      }
    }
  }

  /** {@code figures} (one per seed, of {@code seeds}) over the seeds. */
  private static ObjectNode overSeeds(List<PrivacyAudit.Figures> figures, List<Long> seeds) {
    ObjectNode n = Json.object();
    n.put(
        "sent", Results.median(figures.stream().mapToDouble(PrivacyAudit.Figures::sent).toArray()));
    n.put(
        "near_copy_rate",
        Results.median(figures.stream().mapToDouble(PrivacyAudit.Figures::nearCopyRate).toArray()));
    ObjectNode dcr = n.putObject("dcr");
    for (int q = 0; q < PrivacyAudit.DCR_QUANTILES.length; q++) {
      final int quantile = q;
      dcr.put(
          Json.dcrKey(PrivacyAudit.DCR_QUANTILES[q]),
          Results.median(figures.stream().mapToDouble(f -> f.dcr()[quantile]).toArray()));
    }
    attacked(n, figures, seeds);
    n.set(
        Json.MEMBERSHIP_SELECTED,
        attack(figures.stream().map(PrivacyAudit.Figures::selected).toList(), seeds));
    snapshot(
            n,
            figures.stream().map(PrivacyAudit.Figures::snapshot).toList(),
            figures.stream().map(PrivacyAudit.Figures::snapshotAllRows).toList(),
            seeds)
        .set(
            Json.MEMBERSHIP_SELECTED,
            attack(figures.stream().map(PrivacyAudit.Figures::snapshotSelected).toList(), seeds));
    // The likelihood-ratio attack, where a seed made it (it needs shadow models).
    if (figures.stream().anyMatch(f -> f.lira().measured())) {
      List<LikelihoodRatioAttack.Figures> lira =
          figures.stream().map(PrivacyAudit.Figures::lira).toList();
      ObjectNode node = n.putObject(Json.LIRA);
      attacked(node, lira, seeds);
      snapshot(
          node,
          lira.stream().map(LikelihoodRatioAttack.Figures::snapshot).toList(),
          lira.stream().map(LikelihoodRatioAttack.Figures::snapshotAllRows).toList(),
          seeds);
    }
    ObjectNode further = n.putObject(Json.ATTACKS);
    SortedSet<String> keys = new TreeSet<>();
    figures.forEach(f -> keys.addAll(f.attacks().keySet()));
    for (String key : keys) {
      // An audit recorded before the further attacks has none: unmeasured in that seed.
      attacked(
          further.putObject(key),
          figures.stream()
              .map(f -> f.attacks().getOrDefault(key, PrivacyAudit.Attacked.UNMEASURED))
              .toList(),
          seeds);
    }
    return n;
  }

  /**
   * An attack on the snapshot ({@code members} and {@code all}, one per seed) over the seeds, under
   * {@link Json#SNAPSHOT}, which it returns.
   */
  private static ObjectNode snapshot(
      ObjectNode n,
      List<PrivacyAudit.Attack> members,
      List<PrivacyAudit.Attack> all,
      List<Long> seeds) {
    ObjectNode snapshot = n.putObject(Json.SNAPSHOT);
    snapshot.set(Json.MEMBERSHIP, attack(members, seeds));
    snapshot.set(Json.MEMBERSHIP_ALL_ROWS, attack(all, seeds));
    return snapshot;
  }

  /**
   * An attack with controls ({@code bySeed}, one per seed of {@code seeds}) over the seeds into
   * {@code n}, laid out as {@link Json} lays out one seed's: on the instances, on every row, on
   * each control, and the seeds where it missed a control's copies (its figures there show nothing
   * safe: never a target met).
   */
  private static void attacked(
      ObjectNode n, List<? extends PrivacyAudit.Attacks> bySeed, List<Long> seeds) {
    n.set(
        Json.MEMBERSHIP,
        attack(bySeed.stream().map(PrivacyAudit.Attacks::membership).toList(), seeds));
    n.set(
        Json.MEMBERSHIP_ALL_ROWS,
        attack(bySeed.stream().map(PrivacyAudit.Attacks::allRows).toList(), seeds));
    ObjectNode controls = n.putObject(Json.CONTROLS);
    for (Control c : Control.values())
      controls.set(
          c.key(), attack(bySeed.stream().map(a -> a.controls().get(c.ordinal())).toList(), seeds));
    ArrayNode insensitive = n.putArray("insensitive_seeds");
    for (int s = 0; s < bySeed.size(); s++)
      if (bySeed.get(s).insensitive()) insensitive.add(seeds.get(s));
    n.put("insensitive", !insensitive.isEmpty());
  }

  /**
   * One attack's figures over the seeds that measured it (an audit recorded before the attack
   * existed did not).
   */
  private static ObjectNode attack(List<PrivacyAudit.Attack> bySeed, List<Long> seeds) {
    List<Integer> measured =
        IntStream.range(0, bySeed.size())
            .filter(s -> !Double.isNaN(bySeed.get(s).auc()))
            .boxed()
            .toList();
    double[] auc = measured.stream().mapToDouble(s -> bySeed.get(s).auc()).toArray();
    double[] tpr = measured.stream().mapToDouble(s -> bySeed.get(s).tprAt1pctFpr()).toArray();
    ObjectNode n = Json.object();
    n.put("seeds", measured.size());
    n.put(
        "members",
        Results.median(measured.stream().mapToDouble(s -> bySeed.get(s).members()).toArray()));
    n.put(
        "non_members",
        Results.median(measured.stream().mapToDouble(s -> bySeed.get(s).nonMembers()).toArray()));
    n.put("auc", Results.median(auc));
    n.put("auc_mean", mean(auc));
    n.set("auc_ci95", Json.array(meanInterval(auc)));
    n.put(
        "auc_unmatched",
        Results.median(measured.stream().mapToDouble(s -> bySeed.get(s).aucUnmatched()).toArray()));
    n.put("tpr_at_1pct_fpr", Results.median(tpr));
    n.put("tpr_mean", mean(tpr));
    n.set("tpr_ci95", Json.array(meanInterval(tpr)));
    n.put(
        "smallest_measurable_fpr",
        measured.stream().mapToDouble(s -> bySeed.get(s).smallestFpr()).max().orElse(Double.NaN));
    // The seed where the attack did best: the highest TPR at 1% FPR, then the highest AUC.
    measured.stream()
        .max(
            (a, b) ->
                compareWorst(
                    bySeed.get(a).tprAt1pctFpr(),
                    bySeed.get(a).auc(),
                    bySeed.get(b).tprAt1pctFpr(),
                    bySeed.get(b).auc()))
        .ifPresent(
            s -> {
              ObjectNode worst = n.putObject("worst_seed");
              worst.put("seed", seeds.get(s));
              worst.put("auc", bySeed.get(s).auc());
              worst.put("tpr_at_1pct_fpr", bySeed.get(s).tprAt1pctFpr());
            });
    return n;
  }

  /**
   * The site (of {@code sites}) whose median figures at {@code attack} are the attack's best,
   * beside the pooled ones.
   */
  private static void worstSite(ObjectNode pooled, ArrayNode sites, String attack) {
    JsonNode worst = null;
    for (JsonNode site : sites) {
      JsonNode a = site.at(attack);
      if (a.path("seeds").asInt() == 0) continue;
      if (worst == null
          || compareWorst(
                  a.get("tpr_at_1pct_fpr").asDouble(),
                  a.get("auc").asDouble(),
                  worst.at(attack).get("tpr_at_1pct_fpr").asDouble(),
                  worst.at(attack).get("auc").asDouble())
              > 0) {
        worst = site;
      }
    }
    if (worst == null) return;
    ObjectNode w = pooled.putObject("worst_site");
    w.put("site", worst.get("site").asText());
    w.put("auc", worst.at(attack).get("auc").asDouble());
    w.put("tpr_at_1pct_fpr", worst.at(attack).get("tpr_at_1pct_fpr").asDouble());
  }

  private static int compareWorst(double tprA, double aucA, double tprB, double aucB) {
    int byTpr = Double.compare(tprA, tprB);
    return byTpr != 0 ? byTpr : Double.compare(aucA, aucB);
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /**
   * The 95% Student-t interval of the mean of {@code values} (shares: cut to [0, 1]); NaN with
   * fewer than two.
   */
  static double[] meanInterval(double[] values) {
    if (values.length < 2) return new double[] {Double.NaN, Double.NaN};
    SummaryStatistics s = new SummaryStatistics();
    for (double v : values) s.addValue(v);
    double half =
        new TDistribution(values.length - 1).inverseCumulativeProbability(0.975)
            * s.getStandardDeviation()
            / Math.sqrt(values.length);
    return new double[] {Math.max(0, s.getMean() - half), Math.min(1, s.getMean() + half)};
  }
}
