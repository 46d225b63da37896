package io.coopdistill.simulation.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
