package io.coopdistill.simulation.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static JsonNode committed(String folder) throws Exception {
    return new ObjectMapper()
        .readTree(
            Path.of(System.getProperty("coopdistill.root"), "results", folder, "results.json")
                .toFile());
  }

  @Test
  void theFiguresOverSeedsComeFirstAndThePairsSayTheyAreNotIndependent() throws Exception {
    String md = Report.markdown(committed("fashion-mnist-ten-standard"), null);
    int seeds = md.indexOf("## Against the baseline, over seeds (the figures to read)");
    int pairs = md.indexOf("## Against the baseline, paired over (agent, seed)");
    assertTrue(seeds >= 0 && pairs > seeds, md);
    // 54 of 60 pairs gain (Wilcoxon p 1.8e-9), but 6 seeds cannot go below p = 2/2^6: all 6 gain.
    assertTrue(
        md.contains(
            "| cooperative | 6 | +1.85 | [+1.58, +2.14] | 6 / 0 / 0 | 0.0313 | 0.0313 | 0.55 |"),
        md);
    assertTrue(
        md.contains(
            "| cooperative | 60 | +1.85 | [+1.45, +2.26] | 54 / 1 / 5 | 1.79e-09 (normal approximation) |"),
        md);
    assertTrue(md.contains("The pairs of one seed are not independent"), md);
  }

  @Test
  void eachRoundHasItsGainOverSeeds() throws Exception {
    String md = Report.markdown(committed("rounds/heart-disease-mixed-3"), null);
    assertTrue(
        md.contains(
            "| cooperative | 2 | 10 | +13.87 | [+10.99, +16.69] | 10 / 0 / 0 | 0.00195 | 0.00195 | 4.85 |"),
        md);
  }

  @Test
  void withoutThePrivateSampleTheChartsOfItsRowsAreThoseTheRunDrew() throws Exception {
    assertTrue(
        Report.markdown(committed("heart-disease-trees"), null)
            .contains(
                "Charts: accuracy.png, counterfactuals-heatmap.png, feature-shift.png, tsne.png."));
  }

  @Test
  void theLikelihoodRatioTableIsDrawnWhereTheAuditMadeTheAttackAndOnlyThere() throws Exception {
    JsonNode r = committed("heart-disease-trees");
    String before = Report.markdown(r, null);
    assertFalse(before.contains("Likelihood-ratio attack"), "results written before it: no table");
    // The distance attack's own figures, laid out as the likelihood-ratio attack's.
    ObjectNode cooperative = (ObjectNode) r.get("privacy").get("cooperative");
    ObjectNode lira = cooperative.deepCopy();
    lira.retain("membership", "membership_all_rows", "controls", "snapshot", "insensitive");
    cooperative.set("lira", lira);
    String md = Report.markdown(r, null);
    assertTrue(md.contains("**Likelihood-ratio attack**"), md);
    JsonNode m = cooperative.get("membership");
    String instances =
        String.format(
            "%.3f (%.3f-%.3f) / %.1f%%",
            m.get("auc").asDouble(),
            m.get("auc_ci95").get(0).asDouble(),
            m.get("auc_ci95").get(1).asDouble(),
            100 * m.get("tpr_at_1pct_fpr").asDouble());
    assertTrue(md.contains("| cooperative | pooled | " + instances), md);
  }
}
