package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

class OffHeapLimitTest {

  @Test
  void aSizeThatIsNotPositiveOrNotASizeIsRefusedNamingTheKey() {
    for (String bad : new String[] {"0", "-1g", "lots"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> OffHeapLimit.apply(ConfigFactory.parseString(OffHeapLimit.PATH + " = \"" + bad + "\"")));
      assertTrue(e.getMessage().contains(OffHeapLimit.PATH) && e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void theDefaultIsTwoGigabytesAndTheLimitInForceIsJavaCppsOwn() {
    assertEquals(2L << 30, ConfigFactory.load().getBytes(OffHeapLimit.PATH));
    // Other tests may have loaded ND4J in this JVM already: then the cap in force is the one JavaCPP took.
    long inForce = OffHeapLimit.apply(ConfigFactory.load());
    assertEquals(Pointer.maxBytes(), inForce);
  }
}
