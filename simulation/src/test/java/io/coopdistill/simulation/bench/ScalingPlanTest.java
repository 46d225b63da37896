package io.coopdistill.simulation.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.simulation.scenario.ScenarioConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scaling study's points and its exponent fit, without running anything. */
class ScalingPlanTest {
  @Test
  void theFitRecoversThePowerOfAPowerLaw() {
    List<Integer> k = List.of(10, 30, 100, 300, 1000);
    ScalingSummary.Fit fit =
        ScalingSummary.Fit.of(k, k.stream().map(n -> 3 * Math.pow(n, 1.5)).toList());
    assertEquals(1.5, fit.exponent(), 1e-9);
    assertEquals(1.0, fit.rSquared(), 1e-9);
    assertEquals(5, fit.points());
    // Zero seconds (a phase too short to time) has no logarithm: left out, not a failure.
    assertEquals(
        1.0, ScalingSummary.Fit.of(List.of(10, 20, 40), List.of(0.0, 2.0, 4.0)).exponent(), 1e-9);
    assertTrue(Double.isNaN(ScalingSummary.Fit.of(List.of(10, 10), List.of(1.0, 2.0)).exponent()));
  }

  @Test
  void pointIdsNameSeriesAgentsCoresAndNodes() {
    assertEquals(new ScalingPoint("cart", 100, 2, 1), ScalingPoint.parse("cart-k100-c2-n1"));
    assertEquals(
        new ScalingPoint("lenet-big", 10, 1, 4), ScalingPoint.parse("lenet-big-k10-c1-n4"));
    assertEquals("cart-k1000-c2-n4", new ScalingPoint("cart", 1000, 2, 4).id());
    for (String bad : List.of("cart-k100", "cart", "cart-k100-c2-n1-x", "Cart-k10-c1-n1", "")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> ScalingPoint.parse(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> ScalingPoint.parse("cart-k10-c0-n1"))
            .getMessage()
            .contains("cores must be at least 1"));
  }

  @Test
  void theConfiguredStudyVariesCoresAndNodesOnlyAtTheChosenK() {
    ScalingStudy.Options options = ScalingStudy.Options.from(ScenarioConfig.application(List.of()));
    assertEquals(List.of("cart", "lenet"), List.copyOf(options.series().keySet()));
    assertEquals(
        List.of(
            "cart-k10-c2-n1",
            "cart-k30-c2-n1",
            "cart-k100-c2-n1",
            "cart-k100-c1-n1",
            "cart-k100-c2-n2",
            "cart-k100-c2-n4",
            "cart-k300-c2-n1",
            "cart-k1000-c2-n1",
            "cart-k1000-c1-n1",
            "cart-k1000-c2-n2",
            "cart-k1000-c2-n4"),
        options.series().get("cart").points().stream().map(ScalingPoint::id).toList());
    assertEquals(
        List.of("lenet-k10-c2-n1", "lenet-k30-c2-n1", "lenet-k100-c2-n1"),
        options.series().get("lenet").points().stream().map(ScalingPoint::id).toList());
    ScalingSeries cart = options.series().get("cart");
    assertTrue(cart.fitted(ScalingPoint.parse("cart-k100-c2-n1")));
    assertFalse(cart.fitted(ScalingPoint.parse("cart-k100-c1-n1")), "a varied point is not fitted");
    assertFalse(cart.fitted(ScalingPoint.parse("cart-k100-c2-n4")));
  }

  @Test
  void cpuListsReadAsLinuxWritesThem() {
    assertEquals(List.of(0, 1, 2, 3, 8, 10, 11), PointRun.cpuList("0-3,8,10-11\n"));
    assertEquals(List.of(5), PointRun.cpuList(" 5"));
  }
}
