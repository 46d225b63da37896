package io.coopdistill.simulation.run;

import io.coopdistill.learners.distill.round.RoundPhase;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Draws one progress bar per phase of a unit from its {@link RoundPhase.Listener} events, redrawn
 * in place with carriage returns: for a terminal (a file gets {@link ProgressLines}). The task name
 * says which seed and method it belongs to. Not thread-safe: one unit at a time.
 */
final class ProgressBars implements ProgressDisplay {
  private final PrintStream out;
  private ProgressBar bar;
  private RoundPhase phase;

  /**
   * @param out where bars are drawn
   */
  ProgressBars(PrintStream out) {
    this.out = out;
  }

  @Override
  public RoundPhase.Listener forUnit(long seed, String method) {
    return (phase, done, total) -> {
      if (bar == null || phase != this.phase) {
        close();
        this.phase = phase;
        bar =
            new ProgressBarBuilder()
                .setTaskName("seed " + seed + " " + method + ": " + Json.phaseName(phase))
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(250)
                .build();
      }
      bar.maxHint(total);
      bar.stepTo(done);
    };
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
    bar = null;
  }
}
