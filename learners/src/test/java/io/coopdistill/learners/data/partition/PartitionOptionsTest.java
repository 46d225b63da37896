package io.coopdistill.learners.data.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** scenario.partition as the configuration gives it: every type, and an error naming the key. */
class PartitionOptionsTest {
  private static final String DEFAULTS =
      "type = undersample, alpha = 0.5, min-rows = 10, max-tries = 100, self-balancing = false, "
          + "classes-per-site = 2, sigma = 1.0";

  private static PartitionOptions parse(String keys) {
    return PartitionOptions.fromConfig(
        ConfigFactory.parseString(keys).withFallback(ConfigFactory.parseString(DEFAULTS)));
  }

  private static String refused(String keys) {
    return assertThrows(IllegalArgumentException.class, () -> parse(keys)).getMessage();
  }

  @Test
  void everyTypeGivesItsPartition() {
    assertEquals(new Iid(5), parse("type = iid").among(5));
    assertEquals(
        new Dirichlet(5, 0.1, 3, true, 7),
        parse("type = dirichlet, alpha = 0.1, min-rows = 3, self-balancing = true, max-tries = 7")
            .among(5));
    assertEquals(new Shards(5, 3), parse("type = shards, classes-per-site = 3").among(5));
    assertEquals(new QuantitySkew(5, 2.0, 10), parse("type = quantity-skew, sigma = 2").among(5));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> parse("").among(5))
            .getMessage()
            .startsWith(
                "scenario.partition.type = undersample (agent k missing most of class k) splits the generated or FashionMNIST pool"));
  }

  @Test
  void aBadKeyOrValueIsNamed() {
    assertEquals(
        "scenario.partition.type must be one of [undersample, iid, dirichlet, shards, quantity-skew], got 'label-skew'",
        refused("type = label-skew"));
    assertEquals(
        "scenario.partition.alpha must be > 0, got 0.0", refused("type = dirichlet, alpha = 0"));
    assertEquals("scenario.partition.min-rows must be at least 1, got 0", refused("min-rows = 0"));
    assertEquals(
        "scenario.partition.max-tries must be at least 1, got 0", refused("max-tries = 0"));
    assertEquals(
        "scenario.partition.classes-per-site must be at least 1, got 0",
        refused("classes-per-site = 0"));
    assertEquals("scenario.partition.sigma must be > 0, got -1.0", refused("sigma = -1"));
    assertEquals(
        "scenario.partition.beta: unknown key; the keys are [alpha, classes-per-site, max-tries, min-rows, self-balancing, sigma, type]",
        refused("beta = 1"));
    Config missing = ConfigFactory.parseString("type = iid");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PartitionOptions.fromConfig(missing))
            .getMessage()
            .startsWith("scenario.partition: "));
    assertTrue(
        refused("alpha = lots").startsWith("scenario.partition: "), "a value of the wrong type");
  }
}
