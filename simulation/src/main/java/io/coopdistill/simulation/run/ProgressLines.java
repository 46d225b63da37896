package io.coopdistill.simulation.run;

import io.coopdistill.learners.distill.round.RoundPhase;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress as plain lines, for a file, a pipe or CI, where redrawn bars would leave every frame in
 * the output: no carriage return, one line when a phase of a unit ends, with its seconds (from the
 * end of the unit's previous phase, or the unit's start, to the phase's last event), and within a
 * phase at most one line per interval. Listeners may be called from several threads.
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

  @Override
  public synchronized RoundPhase.Listener forUnit(long seed, String method) {
    close();
    unit = "seed " + seed + " " + method;
    phaseStart = nanoTime.getAsLong();
    return this::progress;
  }

  private synchronized void progress(RoundPhase phase, int done, int total) {
    long now = nanoTime.getAsLong();
    if (phase != this.phase) {
      if (this.phase != null) {
        endPhase();
        phaseStart = lastEvent;
      }
      this.phase = phase;
      lastLine = phaseStart;
    }
    this.done = done;
    this.total = total;
    lastEvent = now;
    if (now - lastLine >= intervalNanos && done < total) {
      line("after", now);
      lastLine = now;
    }
  }

  /** Ends the unit: its last phase's line. */
  @Override
  public synchronized void close() {
    if (phase != null) endPhase();
    phase = null;
  }

  private void endPhase() {
    line("in", lastEvent);
  }

  private void line(String when, long now) {
    out.println(
        String.format(
            Locale.ROOT,
            "%s: %s %d/%d %s %.1f s",
            unit,
            Json.phaseName(phase),
            done,
            total,
            when,
            (now - phaseStart) / 1e9));
    out.flush();
  }
}
