package io.coopdistill.simulation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrivacyFrontierTest {
  @Test
  void eachGuardsGainIsAShareOfItsScenariosUnguardedGain() {
    String table = PrivacyFrontier.table(List.of(
        new PrivacyFrontier.Point("quickstart", "none", 3, 70, 80, 80, 0.6, 0.58, 0.62, 25),
        new PrivacyFrontier.Point("quickstart", "k-anonymous k=5", 3, 70, 77.5, 0, 0.55, 0.53, 0.57, 1.5)));
    assertTrue(table.contains("| quickstart | none | 3 | 70.0 | 80.0 | +10.0 | 100% | 80.0% | 0.600 (0.580-0.620) | 25.0% |"), table);
    assertTrue(table.contains("| quickstart | k-anonymous k=5 | 3 | 70.0 | 77.5 | +7.5 | 75% | 0.0% | 0.550 (0.530-0.570) | 1.5% |"), table);
  }

  @Test
  void aRunWithBothCooperativeMethodsGivesTheGuardedAndTheUnguardedPoint() throws Exception {
    String figures = "{'near_copy_rate': %s, 'membership': {'auc': %s, 'auc_ci95': [0.5, 0.7], 'tpr_at_1pct_fpr': %s}}";
    String json = ("{'scenario': 'quickstart', 'config': {'coopdistill': {'privacy': {'guard': 'k-anonymous', 'k': 10, 'k-rows': 'local'}}},"
        + " 'methods': {'baseline': {'seeds': [0, 1, 2], 'median': {'over_agents': 0.7}},"
        + " 'cooperative': {'seeds': [0, 1, 2], 'median': {'over_agents': 0.76}},"
        + " 'cooperative-unguarded': {'seeds': [0, 1, 2], 'median': {'over_agents': 0.78}}},"
        + " 'privacy': {'cooperative': " + String.format(figures, "0.0", "0.56", "0.004")
        + ", 'cooperative-unguarded': " + String.format(figures, "0.8", "0.61", "0.25") + "}}").replace('\'', '"');
    List<PrivacyFrontier.Point> points = PrivacyFrontier.points(new ObjectMapper().readTree(json));
    assertEquals(List.of(new PrivacyFrontier.Point("quickstart", "k-anonymous k=10 local", 3, 70, 76, 0, 0.56, 0.5, 0.7, 0.4),
        new PrivacyFrontier.Point("quickstart", "none", 3, 70, 78, 80, 0.61, 0.5, 0.7, 25)), points);
    String table = PrivacyFrontier.table(points);
    assertTrue(table.contains("| quickstart | k-anonymous k=10 local | 3 | 70.0 | 76.0 | +6.0 | 75% |"), table);
  }
}
