package io.coopdistill.simulation.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.round.Site;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Explicit learners each miss most of the class they name. */
class AgentsTest {
  private static final Config ROOT = ConfigFactory.load();

  private static Dataset pool() {
    float[][] x = new float[3000][];
    int[] y = new int[3000];
    for (int n = 0; n < x.length; n++) {
      x[n] = new float[] {n / 3000f};
      y[n] = n % 3;
    }
    return new Dataset("pool", FeatureSchema.unitBox(1), List.of("a", "b", "c"), x, y);
  }

  /**
   * A scenario section with conf/partition.conf's defaults, as ScenarioConfig gives one of
   * generated data.
   */
  private static Config scenario(String keys) {
    return ConfigFactory.parseString(keys)
        .withFallback(ScenarioConfig.partitionDefaults().getConfig("scenario"));
  }

  @Test
  void eachLearnerMissesTheFractionOfItsOwnClass() {
    Agents agents =
        Agents.fromConfig(
            scenario(
                """
        undersample-fraction = 0.95, rows-per-agent = 900
        learners = [
          { name = first, type = naive-bayes, undersampled-class = 0 }
          { name = second, type = naive-bayes, undersampled-class = 2, rows = 1200 }
        ]"""),
            ROOT,
            3);
    List<Site> sites = agents.sites(pool(), 4);
    int[] first = sites.get(0).data().classCounts();
    int[] second = sites.get(1).data().classCounts();
    assertTrue(
        first[0] < 0.1 * first[1] && first[2] > 250,
        "first keeps about 5% of class 0: " + java.util.Arrays.toString(first));
    assertTrue(
        second[2] < 0.1 * second[1] && second[0] > 350,
        "second keeps about 5% of class 2: " + java.util.Arrays.toString(second));
  }

  @Test
  void aFractionThatThinsNoClassIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Agents.fromConfig(
                    scenario(
                        """
        undersample-fraction = 0.95, rows-per-agent = 10
        learners = [{ name = a, type = naive-bayes }, { name = b, type = naive-bayes }]"""),
                    ROOT,
                    3));
    assertTrue(
        e.getMessage().startsWith("scenario.undersample-fraction = 0.95 thins no class"),
        e.getMessage());
    assertEquals(
        2,
        Agents.fromConfig(
                scenario(
                    """
        undersample-fraction = 0, rows-per-agent = 10
        learners = [{ name = a, type = naive-bayes }, { name = b, type = naive-bayes }]"""),
                ROOT,
                3)
            .specs()
            .size());
  }
}
