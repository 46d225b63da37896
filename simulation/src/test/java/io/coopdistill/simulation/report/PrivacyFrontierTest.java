package io.coopdistill.simulation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivacyFrontierTest {
  @Test
  void eachGuardsGainIsAShareOfItsScenariosUnguardedGain() {
    String table =
        PrivacyFrontier.table(
            List.of(
                new PrivacyFrontier.Point(
                    "quickstart", "none", 3, 70, 80, 80, 0.6, 0.58, 0.62, 25, 3, false),
                new PrivacyFrontier.Point(
                    "quickstart",
                    "anchor-mean k=5",
                    3,
                    70,
                    77.5,
                    0,
                    0.55,
                    0.53,
                    0.57,
                    1.5,
                    Double.NaN,
                    true)));
    assertTrue(
        table.contains(
            "| quickstart | none | 3 | 70.0 | 80.0 | +10.0 | 100% | 80.0% | 0.600 (0.580-0.620) | 25.0% | 3.0% |"),
        table);
    assertTrue(
        table.contains(
            "| quickstart | anchor-mean k=5 | 3 | 70.0 | 77.5 | +7.5 | 75% | 0.0% | 0.550 (0.530-0.570) | 1.5% (insensitive) | n/a |"),
        table);
  }

  @Test
  void noShareOfALossOrOfAMissingUnguardedRun() {
    String table =
        PrivacyFrontier.table(
            List.of(
                new PrivacyFrontier.Point(
                    "german-credit-overlap",
                    "none",
                    35,
                    70.5,
                    70,
                    4,
                    0.52,
                    0.49,
                    0.55,
                    4.8,
                    1,
                    false),
                new PrivacyFrontier.Point(
                    "german-credit-overlap",
                    "anchor-mean k=5",
                    35,
                    70.5,
                    69.5,
                    0,
                    0.52,
                    0.5,
                    0.55,
                    2.1,
                    1,
                    false),
                new PrivacyFrontier.Point(
                    "heart-disease-mixed",
                    "anchor-mean k=5",
                    3,
                    60,
                    70,
                    0,
                    0.55,
                    0.5,
                    0.6,
                    0,
                    1,
                    false)));
    assertTrue(
        table.contains(
            "| german-credit-overlap | anchor-mean k=5 | 35 | 70.5 | 69.5 | -1.0 | n/a |"),
        table);
    assertTrue(
        table.contains("| heart-disease-mixed | anchor-mean k=5 | 3 | 60.0 | 70.0 | +10.0 | n/a |"),
        table);
  }

  @Test
  void aRunWithBothCooperativeMethodsGivesTheGuardedAndTheUnguardedPoint() throws Exception {
    // A run recorded before the guard was renamed: k-anonymous is shown as anchor-mean.
    String figures =
        "{'near_copy_rate': %s, 'membership': {'auc': %s, 'auc_ci95': [0.5, 0.7], 'tpr_at_1pct_fpr': %s},"
            + " 'snapshot': {'membership': {'tpr_at_1pct_fpr': 0.02}}, 'insensitive': %s}";
    String json =
        ("{'scenario': 'quickstart', 'config': {'coopdistill': {'privacy': {'guard': 'k-anonymous', 'k': 10, 'k-rows': 'local'}}},"
                + " 'methods': {'baseline': {'seeds': [0, 1, 2], 'median': {'over_agents': 0.7}},"
                + " 'cooperative': {'seeds': [0, 1, 2], 'median': {'over_agents': 0.76}},"
                + " 'cooperative-unguarded': {'seeds': [0, 1, 2], 'median': {'over_agents': 0.78}}},"
                + " 'privacy': {'cooperative': "
                + String.format(figures, "0.0", "0.56", "0.004", "false")
                + ", 'cooperative-unguarded': "
                + String.format(figures, "0.8", "0.61", "0.25", "true")
                + "}}")
            .replace('\'', '"');
    List<PrivacyFrontier.Point> points = PrivacyFrontier.points(new ObjectMapper().readTree(json));
    assertEquals(
        List.of(
            new PrivacyFrontier.Point(
                "quickstart",
                "anchor-mean k=10 local",
                3,
                70,
                76,
                0,
                0.56,
                0.5,
                0.7,
                0.4,
                2,
                false),
            new PrivacyFrontier.Point(
                "quickstart", "none", 3, 70, 78, 80, 0.61, 0.5, 0.7, 25, 2, true)),
        points);
    String table = PrivacyFrontier.table(points);
    assertTrue(
        table.contains("| quickstart | anchor-mean k=10 local | 3 | 70.0 | 76.0 | +6.0 | 75% |"),
        table);
    String floor =
        json.replace("\"guard\": \"k-anonymous\"", "\"guard\": \"floor\", \"floor-margin\": 2.0");
    assertEquals(
        List.of("floor margin=2", "none"),
        PrivacyFrontier.points(new ObjectMapper().readTree(floor)).stream()
            .map(PrivacyFrontier.Point::guard)
            .toList());
    String rounding =
        json.replace("\"guard\": \"k-anonymous\"", "\"guard\": \"floor\", \"floor-margin\": 0.001");
    assertEquals(
        "floor", PrivacyFrontier.points(new ObjectMapper().readTree(rounding)).get(0).guard());
  }
}
