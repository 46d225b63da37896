package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.RoundPhase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress for a file or CI: plain lines, rate-limited within a phase, one at each phase's end. */
class ProgressLinesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  private List<String> lines() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), "a carriage return in: " + text);
    assertTrue(
        text.isEmpty() || text.endsWith(System.lineSeparator()),
        "the last line is not ended: " + text);
    return text.lines().toList();
  }

  @Test
  void linesAreRateLimitedWithinAPhaseAndEndEachPhase() {
    try (ProgressLines progress = new ProgressLines(sink, Duration.ofSeconds(5), () -> now)) {
      RoundPhase.Listener unit = progress.forUnit(3, "cooperative");
      // 100 events of the counterfactual search, one every 0.2 s from 0.2 s to 20 s, then the last:
      // a line 5 s after the unit began and at most one per 5 s after that.
      for (int done = 1; done <= 100; done++) {
        now += 200_000_000L;
        unit.progress(RoundPhase.COUNTERFACTUALS, done, 101);
      }
      now += 100_000_000L;
      unit.progress(RoundPhase.COUNTERFACTUALS, 101, 101);
      assertEquals(
          List.of(
              "seed 3 cooperative: counterfactuals 25/101 after 5.0 s",
              "seed 3 cooperative: counterfactuals 50/101 after 10.0 s",
              "seed 3 cooperative: counterfactuals 75/101 after 15.0 s",
              "seed 3 cooperative: counterfactuals 100/101 after 20.0 s"),
          lines());
      // A phase change prints the finished phase at once, whatever the interval, timed to its last
      // event.
      now += 2_000_000_000L;
      unit.progress(RoundPhase.SET_COVER, 0, 3);
      assertEquals("seed 3 cooperative: counterfactuals 101/101 in 20.1 s", lines().get(4));
      now += 500_000_000L;
      unit.progress(RoundPhase.SET_COVER, 3, 3);
    }
    // From the end of the phase before (20.1 s) to its last event (22.6 s).
    assertEquals(
        "seed 3 cooperative: set-cover 3/3 in 2.5 s",
        lines().get(5),
        "closing ends the last phase");
    assertEquals(6, lines().size());
  }

  @Test
  void eachUnitEndsWithItsOwnLineTimedFromItsStart() {
    try (ProgressLines progress = new ProgressLines(sink, Duration.ofSeconds(10), () -> now)) {
      RoundPhase.Listener baseline = progress.forUnit(0, "baseline");
      now += 1_500_000_000L;
      baseline.progress(RoundPhase.BASELINE_TRAINING, 2, 2);
      progress.close();
      progress.close();
      RoundPhase.Listener pooled = progress.forUnit(0, "pooled");
      now += 700_000_000L;
      pooled.progress(RoundPhase.RETRAINING, 1, 1);
    }
    assertEquals(
        List.of(
            "seed 0 baseline: baseline-training 2/2 in 1.5 s",
            "seed 0 pooled: retraining 1/1 in 0.7 s"),
        lines());
  }

  @Test
  void autoIsBarsOnATerminalAndLinesElsewhere() {
    var defaults = ConfigFactory.parseString(Progress.PATH + " { style = auto, interval = 3s }");
    assertEquals(Progress.Style.BARS, Progress.of(defaults, true, sink).style());
    Progress file = Progress.of(defaults, false, sink);
    assertEquals(Progress.Style.LINES, file.style());
    assertEquals(Duration.ofSeconds(3), file.interval());
    assertEquals(
        Progress.NONE,
        Progress.of(
            ConfigFactory.parseString(Progress.PATH + " { style = none, interval = 3s }"),
            true,
            sink));
    assertEquals(
        Progress.Style.LINES,
        Progress.of(
                ConfigFactory.parseString(Progress.PATH + " { style = lines, interval = 0s }"),
                true,
                sink)
            .style());
  }

  @Test
  void aBadStyleOrIntervalIsNamed() {
    var bad = ConfigFactory.parseString(Progress.PATH + " { style = fancy, interval = 3s }");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Progress.of(bad, false, sink));
    assertEquals(
        "coopdistill.simulation.progress.style must be one of [auto, bars, lines, none], got 'fancy'",
        e.getMessage());
    var negative = ConfigFactory.parseString(Progress.PATH + " { style = lines, interval = -1s }");
    e = assertThrows(IllegalArgumentException.class, () -> Progress.of(negative, false, sink));
    assertTrue(
        e.getMessage().startsWith("coopdistill.simulation.progress.interval must be ≥ 0"),
        e.getMessage());
  }
}
