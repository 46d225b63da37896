package io.coopdistill.learners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.DistillationOptions;
import org.junit.jupiter.api.Test;

class ConfigSectionsTest {
  private static final Config ROOT = ConfigFactory.parseString("a.b { n = 3, word = lots }");

  @Test
  void readsTheSection() {
    int n = ConfigSections.read(ROOT, "a.b", c -> c.getInt("n"));
    assertEquals(3, n);
  }

  @Test
  void aValueOfTheWrongTypeIsNamedWithItsSection() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfigSections.read(ROOT, "a.b", c -> c.getInt("word")));
    assertTrue(
        e.getMessage().startsWith("a.b: ") && e.getMessage().contains("word has type STRING"),
        e.getMessage());
    assertTrue(e.getCause() instanceof ConfigException.WrongType);
  }

  @Test
  void aMissingKeyOrSectionIsNamed() {
    IllegalArgumentException key =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfigSections.read(ROOT, "a.b", c -> c.getInt("m")));
    assertTrue(
        key.getMessage().startsWith("a.b: ") && key.getMessage().contains("'m'"), key.getMessage());
    IllegalArgumentException section =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfigSections.read(ROOT, "a.c", c -> c.getInt("n")));
    assertTrue(
        section.getMessage().startsWith("a.c: ") && section.getMessage().contains("'a.c'"),
        section.getMessage());
  }

  @Test
  void theReadersOwnErrorPassesUnchanged() {
    IllegalArgumentException own = new IllegalArgumentException("a.b.n must be even, got 3");
    assertSame(
        own,
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ConfigSections.read(
                    ROOT,
                    "a.b",
                    c -> {
                      throw own;
                    })));
  }

  @Test
  void anOptionsRecordNamesTheKeyOfItsSection() {
    Config bad =
        ConfigFactory.parseString(DistillationOptions.PATH + ".pair-budget = lots")
            .withFallback(ConfigFactory.load());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DistillationOptions.fromConfig(bad));
    assertTrue(
        e.getMessage().startsWith("coopdistill.distillation: ")
            && e.getMessage().contains("pair-budget"),
        e.getMessage());
  }
}
