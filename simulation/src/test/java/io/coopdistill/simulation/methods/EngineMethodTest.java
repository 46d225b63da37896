package io.coopdistill.simulation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.privacy.PrivacyOptions;
import org.junit.jupiter.api.Test;

/**
 * Each cooperative method's privacy options are resolved once, when the plan is made, from the
 * configuration.
 */
class EngineMethodTest {

  static EngineMethod.Round round(String method, Config root) {
    return ((EngineMethod) MethodRegistry.create(method, root)).round();
  }

  @Test
  void cooperativeSearchesUnderTheConfiguredGuardAndCooperativeUnguardedUnderNone() {
    Config floor =
        ConfigFactory.parseString("coopdistill.privacy { guard = floor, floor-margin = 0.5 }")
            .withFallback(ConfigFactory.load());
    PrivacyOptions configured = PrivacyOptions.fromConfig(floor);
    assertEquals(configured, round("cooperative", floor).privacy());
    assertEquals(configured, round("cooperative-no-set-cover", floor).privacy());
    assertEquals(
        configured.with(PrivacyOptions.Guard.NONE),
        round("cooperative-unguarded", floor).privacy(),
        "the paper's search keeps the audit's settings and the floor's margin, without the guard");
    assertTrue(round("cooperative", floor).sameSearch(round("cooperative-no-set-cover", floor)));
    assertFalse(
        round("cooperative", floor).sameSearch(round("cooperative-unguarded", floor)),
        "another guard is another search");
  }
}
