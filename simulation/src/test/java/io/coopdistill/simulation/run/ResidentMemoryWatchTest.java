package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResidentMemoryWatchTest {
  private static final long S = 1_000_000_000L;
  private static final ResidentMemoryWatch.Options OPTIONS =
      new ResidentMemoryWatch.Options(
          1000, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(20));

  @Test
  void collectsOverTheLimitAtMostOncePerGapAndBacksOffWhileCollectionsDoNotHelp() {
    ResidentMemoryWatch.Pacer pacer = new ResidentMemoryWatch.Pacer(OPTIONS);
    assertFalse(pacer.collectNow(1000, 0), "at the limit");
    assertTrue(pacer.collectNow(1001, 1 * S));
    assertFalse(pacer.collectNow(5000, 5 * S), "within the 5 s gap");
    assertTrue(
        pacer.collectNow(5000, 6 * S), "still over after a collection: again, and the gap doubles");
    assertEquals(10 * S, pacer.gapNanos());
    assertFalse(pacer.collectNow(5000, 15 * S));
    assertTrue(pacer.collectNow(5000, 16 * S));
    assertTrue(pacer.collectNow(5000, 36 * S));
    assertEquals(20 * S, pacer.gapNanos(), "the gap stops at max-gap");
    assertFalse(pacer.collectNow(900, 37 * S), "back under: nothing to do");
    assertEquals(5 * S, pacer.gapNanos(), "and the gap starts again from min-gap");
    assertTrue(pacer.collectNow(2000, 57 * S));
    assertFalse(pacer.collectNow(2000, 61 * S));
  }

  @Test
  void theWatchThreadCollectsOnlyWhileTheProcessIsOverItsLimit() throws Exception {
    AtomicLong rss = new AtomicLong(10);
    AtomicInteger collections = new AtomicInteger();
    ResidentMemoryWatch.Options fast =
        new ResidentMemoryWatch.Options(
            100, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(100));
    try (ResidentMemoryWatch watch =
        ResidentMemoryWatch.start(fast, rss::get, collections::incrementAndGet)) {
      Thread.sleep(300);
      assertEquals(0, collections.get(), "under the limit");
      rss.set(200);
      long deadline = System.nanoTime() + 5 * S;
      while (collections.get() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
      assertTrue(
          collections.get() >= 2,
          "over the limit, collections every min-gap: " + collections.get());
    }
    int afterClose = collections.get();
    Thread.sleep(300);
    assertEquals(afterClose, collections.get(), "a closed watch asks for nothing");
  }

  @Test
  void theDefaultLimitIsTheHeapMaximumPlusTheOffHeapLimit() {
    ResidentMemoryWatch.Options options = ResidentMemoryWatch.Options.from(ConfigFactory.load());
    assertEquals(Runtime.getRuntime().maxMemory() + (2L << 30), options.limitBytes());
    assertEquals(Duration.ofSeconds(5), options.minGap());
  }

  @Test
  void aSizeSetsTheLimitAndZeroTurnsTheWatchOff() {
    assertEquals(5L << 30, ResidentMemoryWatch.Options.from(withLimit("5g")).limitBytes());
    assertEquals(0, ResidentMemoryWatch.Options.from(withLimit("0")).limitBytes());
  }

  @Test
  void badSettingsAreRefusedNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ResidentMemoryWatch.Options.from(withLimit("lots")));
    assertTrue(
        e.getMessage().contains(ResidentMemoryWatch.PATH + ".limit")
            && e.getMessage().contains("lots"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ResidentMemoryWatch.Options(
                    1, Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains(ResidentMemoryWatch.PATH + ".max-gap"), e.getMessage());
  }

  private static com.typesafe.config.Config withLimit(String limit) {
    return ConfigFactory.parseString(ResidentMemoryWatch.PATH + ".limit = \"" + limit + "\"")
        .withFallback(ConfigFactory.load());
  }
}
