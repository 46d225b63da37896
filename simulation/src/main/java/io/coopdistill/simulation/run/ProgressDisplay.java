package io.coopdistill.simulation.run;

import io.coopdistill.learners.distill.round.RoundPhase;

/** Shows the progress of a run's units (a method on a seed), one unit at a time. */
sealed interface ProgressDisplay extends AutoCloseable
    permits ProgressBars, ProgressLines, ProgressDisplay.None {
  ProgressDisplay NONE = new None();

  /**
   * The listener of a unit's {@link RoundPhase} events; the unit's output is ended by {@link
   * #close()}.
   */
  RoundPhase.Listener forUnit(long seed, String method);

  /** Ends the current unit's output, if any. */
  @Override
  void close();

  /** Shows nothing. */
  final class None implements ProgressDisplay {
    private None() {}

    @Override
    public RoundPhase.Listener forUnit(long seed, String method) {
      return RoundPhase.Listener.NONE;
    }

    @Override
    public void close() {}
  }
}
