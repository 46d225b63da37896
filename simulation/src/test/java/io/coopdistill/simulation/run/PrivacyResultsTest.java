package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.privacy.audit.LikelihoodRatioAttack;
import io.coopdistill.learners.privacy.audit.PrivacyAudit;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The privacy section of results.json: figures over seeds, worst seed and site, controls, and
 * checkpoints of older audits.
 */
class PrivacyResultsTest {
  private static final Plan PLAN =
      Plan.of(
          ScenarioConfig.load(
              "heart-disease-trees",
              List.of("scenario.methods=[baseline, cooperative]", "scenario.seeds=3")));

  private static PrivacyAudit.Attack attack(double auc, double tpr) {
    return new PrivacyAudit.Attack(20, 40, auc, auc - 0.1, auc + 0.1, tpr, 0.025, auc);
  }

  /**
   * An audit whose site {@code s} has membership AUC {@code auc[s]} and TPR {@code tpr[s]}, its
   * controls' TPR {@code control}.
   */
  private static PrivacyAudit audit(
      double[] auc, double[] tpr, double control, double pooledAuc, double pooledTpr) {
    List<PrivacyAudit.Figures> sites = new ArrayList<>();
    for (int s = 0; s < auc.length; s++) sites.add(figures(s, attack(auc[s], tpr[s]), control));
    return new PrivacyAudit(sites, figures(-1, attack(pooledAuc, pooledTpr), control));
  }

  private static PrivacyAudit.Figures figures(
      int site, PrivacyAudit.Attack membership, double control) {
    return figures(site, membership, control, LikelihoodRatioAttack.Figures.UNMEASURED);
  }

  private static PrivacyAudit.Figures figures(
      int site,
      PrivacyAudit.Attack membership,
      double control,
      LikelihoodRatioAttack.Figures lira) {
    PrivacyAudit.Attack copies = attack(1, control);
    return new PrivacyAudit.Figures(
        site,
        site < 0 ? Double.NaN : 1,
        10,
        0,
        0,
        new double[] {1, 2, 3},
        membership,
        attack(0.5, 0.01),
        List.of(copies, copies),
        attack(0.6, 0.05),
        attack(0.55, 0.02),
        attack(0.58, 0.03),
        attack(0.52, 0.015),
        lira,
        new TreeMap<>(
            Map.of(
                "output_space",
                new PrivacyAudit.Attacked(
                    membership, attack(0.5, 0.01), List.of(copies, attack(1, 1))))));
  }

  /** Likelihood-ratio figures: the instances at {@code auc}, its controls' TPR {@code control}. */
  private static LikelihoodRatioAttack.Figures lira(double auc, double control) {
    PrivacyAudit.Attack copies = attack(0.9, control);
    return new LikelihoodRatioAttack.Figures(
        attack(auc, 0.03),
        attack(auc, 0.02),
        List.of(copies, copies),
        attack(0.7, 0.1),
        attack(0.6, 0.04));
  }

  /** A one-site audit with the likelihood-ratio figures {@code lira} (null: not made). */
  private static PrivacyAudit shadowed(LikelihoodRatioAttack.Figures lira) {
    LikelihoodRatioAttack.Figures made =
        lira == null ? LikelihoodRatioAttack.Figures.UNMEASURED : lira;
    return new PrivacyAudit(
        List.of(figures(0, attack(0.6, 0.1), 1, made)), figures(-1, attack(0.6, 0.1), 1, made));
  }

  private static UnitResult unit(long seed, PrivacyAudit audit) {
    double[] accuracy = {0.6, 0.6, 0.6};
    DistillationResult round =
        new DistillationResult(
            List.of("a", "b", "c"),
            seed,
            accuracy,
            accuracy,
            PairCounts.empty(3),
            Map.of(RoundPhase.COUNTERFACTUALS, 1.0),
            accuracy,
            accuracy,
            audit,
            null);
    return new UnitResult(
        "cooperative", seed, null, accuracy, accuracy, round, List.of(), 1, "test");
  }

  private static JsonNode privacy(List<UnitResult> units) {
    Manifest manifest =
        new Manifest("heart-disease-trees", Json.object(), Instant.EPOCH, "test", "test");
    return Results.build(PLAN, manifest, units, null).get("privacy").get("cooperative");
  }

  @Test
  void eachAttackIsReportedOverSeedsWithItsWorstSeedAndSite() {
    JsonNode p =
        privacy(
            List.of(
                unit(
                    0,
                    audit(new double[] {0.5, 0.6, 0.7}, new double[] {0.0, 0.1, 0.2}, 1, 0.6, 0.1)),
                unit(
                    1,
                    audit(new double[] {0.5, 0.8, 0.7}, new double[] {0.0, 0.3, 0.2}, 1, 0.7, 0.2)),
                unit(
                    2,
                    audit(
                        new double[] {0.5, 0.6, 0.7},
                        new double[] {0.0, 0.1, 0.2},
                        0.4,
                        0.8,
                        0.15))));
    JsonNode m = p.get("membership");
    assertEquals(3, m.get("seeds").asInt());
    assertEquals(0.7, m.get("auc").asDouble(), 1e-12);
    assertEquals(0.15, m.get("tpr_at_1pct_fpr").asDouble(), 1e-12);
    // The interval over seeds: 0.7 ± t(2, 97.5%) · 0.1 / √3, not a median of each seed's bootstrap
    // bounds.
    double half = 4.302652729911275 * 0.1 / Math.sqrt(3);
    assertArrayEquals(new double[] {0.7 - half, 0.7 + half}, Json.doubles(m.get("auc_ci95")), 1e-9);
    assertEquals(1, m.get("worst_seed").get("seed").asInt());
    assertEquals(0.2, m.get("worst_seed").get("tpr_at_1pct_fpr").asDouble(), 1e-12);
    // Site 1's median TPR (0.1) is below site 2's (0.2): site 2 is the worst.
    assertEquals(PLAN.scenario().agents().get(2), m.get("worst_site").get("site").asText());
    assertEquals(
        0.2, p.get("sites").get(2).get("membership").get("tpr_at_1pct_fpr").asDouble(), 1e-12);
    // Seed 2's attack found 40% of a control's copies: insensitive there.
    assertTrue(p.get("insensitive").asBoolean());
    assertEquals("[2]", p.get("insensitive_seeds").toString());
    assertEquals(1.0, p.get("controls").get("source-rows").get("tpr_at_1pct_fpr").asDouble());
    assertEquals(
        0.05, p.get("snapshot").get("membership").get("tpr_at_1pct_fpr").asDouble(), 1e-12);
    assertEquals(
        0.02,
        p.get("snapshot").get("membership_all_rows").get("tpr_at_1pct_fpr").asDouble(),
        1e-12);
    assertTrue(p.get("by_seed").get(2).get("insensitive").asBoolean());
    assertFalse(p.get("by_seed").get(0).get("insensitive").asBoolean());
    // A further attack: the same figures over seeds, its own controls and verdict.
    JsonNode output = p.get("attacks").get("output_space");
    assertEquals(0.7, output.get("membership").get("auc").asDouble(), 1e-12);
    assertEquals(
        PLAN.scenario().agents().get(2),
        output.get("membership").get("worst_site").get("site").asText());
    assertEquals(
        1.0, output.get("controls").get("random-5pct").get("tpr_at_1pct_fpr").asDouble(), 1e-12);
    assertEquals("[2]", output.get("insensitive_seeds").toString());
    assertTrue(output.get("insensitive").asBoolean());
    assertTrue(
        p.get("by_seed").get(2).at("/attacks/output_space/insensitive").asBoolean(),
        "each seed's verdict");
    assertEquals(
        0.7, p.get("sites").get(2).at("/attacks/output_space/membership/auc").asDouble(), 1e-12);
  }

  @Test
  void aCheckpointOfAnOlderAuditKeepsItsFiguresOutOfTheAttacks() {
    PrivacyAudit audit =
        audit(new double[] {0.5, 0.6, 0.7}, new double[] {0.0, 0.1, 0.2}, 1, 0.6, 0.1);
    assertEquals(audit, Json.privacyAudit(Json.of(audit)), "read back as written");
    // Written before the audit had controls: its membership counted every row, another attack.
    JsonNode old = Json.of(audit);
    for (JsonNode f :
        List.of(old, old.get("sites").get(0), old.get("sites").get(1), old.get("sites").get(2))) {
      ((ObjectNode) f)
          .remove(
              List.of(
                  "membership_all_rows",
                  "controls",
                  "snapshot",
                  "insensitive",
                  "membership_selected"));
    }
    // Nor had it the further attacks.
    ((ObjectNode) old).remove("attacks");
    old.get("sites").forEach(site -> ((ObjectNode) site).remove("attacks"));
    PrivacyAudit read = Json.privacyAudit(old);
    assertEquals(PrivacyAudit.Attack.UNMEASURED, read.pooled().membership());
    assertEquals(PrivacyAudit.Attack.UNMEASURED, read.pooled().selected());
    assertEquals(PrivacyAudit.Attack.UNMEASURED, read.pooled().snapshotSelected());
    assertTrue(read.pooled().attacks().isEmpty());
    assertEquals(10, read.pooled().sent());
    JsonNode p = privacy(List.of(unit(0, read), unit(1, audit)));
    assertEquals(1, p.get("membership").get("seeds").asInt(), "only the seed that measured it");
    assertEquals(0.6, p.get("membership").get("auc").asDouble(), 1e-12);
    assertEquals(
        1, p.at("/membership_selected/seeds").asInt(), "nor the selection-matched figures");
    assertEquals(
        1, p.at("/attacks/output_space/membership/seeds").asInt(), "nor the further attacks");
    assertEquals(0.6, p.at("/attacks/output_space/membership/auc").asDouble(), 1e-12);
  }

  @Test
  void theLikelihoodRatioAttackIsReportedOverTheSeedsThatMadeIt() {
    PrivacyAudit seed0 = shadowed(lira(0.8, 0.9));
    PrivacyAudit seed1 = shadowed(lira(0.6, 0.3));
    PrivacyAudit seed2 = shadowed(null);
    assertEquals(seed0, Json.privacyAudit(Json.of(seed0)), "read back as written");
    assertEquals(seed2, Json.privacyAudit(Json.of(seed2)), "not made, not written");
    assertFalse(Json.of(seed2).has("lira"));
    JsonNode p = privacy(List.of(unit(0, seed0), unit(1, seed1), unit(2, seed2)));
    JsonNode lira = p.get("lira");
    assertEquals(2, lira.get("membership").get("seeds").asInt(), "only the seeds that made it");
    assertEquals(0.7, lira.get("membership").get("auc").asDouble(), 1e-12);
    assertEquals(0.7, lira.get("snapshot").get("membership").get("auc").asDouble(), 1e-12);
    assertEquals(
        0.6,
        lira.get("controls").get("source-rows").get("tpr_at_1pct_fpr").asDouble(),
        1e-12,
        "the median of 0.9 and 0.3");
    // Seed 1's attack found 30% of a control's copies: insensitive there, the distance attack not.
    assertEquals("[1]", lira.get("insensitive_seeds").toString());
    assertTrue(lira.get("insensitive").asBoolean());
    assertFalse(p.get("insensitive").asBoolean());
    assertEquals(
        PLAN.scenario().agents().get(0),
        lira.get("membership").get("worst_site").get("site").asText());
    assertTrue(p.get("sites").get(0).has("lira"));
    assertFalse(
        privacy(List.of(unit(0, seed2))).has("lira"), "no seed made it: no section, no figure");
  }
}
