package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.simulation.scenario.ScenarioConfig;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A site lost on a cluster with {@code on-learner-loss = continue} has no accuracy for that seed:
 * results.json lists it under {@code lost_agents} and leaves it out of the medians.
 */
class LostAgentsTest {
  @Test
  void aLostSiteIsNamedAndLeftOutOfTheMedians() {
    Plan plan =
        Plan.of(
            ScenarioConfig.load(
                "heart-disease-trees",
                List.of("scenario.methods=[baseline, cooperative]", "scenario.seeds=2")));
    Manifest manifest =
        new Manifest("heart-disease-trees", Json.object(), Instant.EPOCH, "test", "test");
    List<UnitResult> units =
        List.of(
            unit("baseline", 0, 0.6, 0.5, 0.7),
            unit("baseline", 1, 0.6, 0.5, 0.7),
            unit("cooperative", 0, 0.6, 0.5, Double.NaN),
            unit("cooperative", 1, 0.7, 0.4, 0.8));
    JsonNode methods = Results.build(plan, manifest, units, null).get("methods");
    List<String> agents = plan.scenario().agents();
    JsonNode cooperative = methods.get("cooperative");
    assertEquals("{\"" + agents.get(2) + "\":[0]}", cooperative.get("lost_agents").toString());
    assertEquals(0.8, cooperative.get("median").get("agents").get(agents.get(2)).asDouble(), 1e-12);
    assertEquals(0.65, cooperative.get("median").get("over_agents").asDouble(), 1e-12);
    assertFalse(methods.get("baseline").has("lost_agents"));
    assertEquals(
        0.8,
        cooperative
            .get("balanced_accuracy")
            .get("median")
            .get("agents")
            .get(agents.get(2))
            .asDouble(),
        1e-12);
  }

  /** A unit whose accuracy and balanced accuracy are both {@code accuracy}, per agent. */
  private static UnitResult unit(String method, int seed, double... accuracy) {
    return new UnitResult(method, seed, null, accuracy, accuracy, null, List.of(), 1, "test");
  }
}
