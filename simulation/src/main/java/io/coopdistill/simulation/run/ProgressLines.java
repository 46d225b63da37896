package io.coopdistill.simulation.run;

import io.coopdistill.learners.distill.round.RoundPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for a file, a pipe or CI, where redrawn bars would leave every frame in
 * the output: no carriage return, one line when a phase of a unit ends (with its seconds), and
 * within a phase at most one line per interval. Listeners may be called from several threads.
 */
final class ProgressLines implements ProgressDisplay {
  private final PrintStream out;
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private String unit;
  private RoundPhase phase;
  private int done;
  private int total;
  private long phaseStart;
  private long lastEvent;
  private long lastLine;

  /**
   * @param interval least time between two lines within a phase (0: a line for every event)
   * @param nanoTime the clock, in nanoseconds
   */
  ProgressLines(PrintStream out, Duration interval, LongSupplier nanoTime) {
    this.out = out;
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override public RoundPhase.Listener forUnit(long seed, String method) {
    String name = "seed " + seed + " " + method;
    return (phase, done, total) -> progress(name, phase, done, total);
  }

  private synchronized void progress(String name, RoundPhase phase, int done, int total) {
    long now = nanoTime.getAsLong();
    if (!name.equals(unit) || phase != this.phase) {
      close();
      unit = name;
      this.phase = phase;
      phaseStart = now;
      lastLine = now;
    }
    this.done = done;
    this.total = total;
    lastEvent = now;
    if (now - lastLine >= intervalNanos && done < total) {
      line("after", now);
      lastLine = now;
    }
  }

  /** Ends the current phase with its line, timed to its last event. */
  @Override public synchronized void close() {
    if (phase == null) return;
    line("in", lastEvent);
    phase = null;
    unit = null;
  }

  private void line(String when, long now) {
    out.println(String.format(Locale.ROOT, "%s: %s %d/%d %s %.1f s", unit, Json.phaseName(phase), done, total, when,
        (now - phaseStart) / 1e9));
    out.flush();
  }
}
