package io.coopdistill.learners.distill.round;

/** The phases of one round of cooperative distillation, in order. */
public enum RoundPhase {
  BASELINE_TRAINING,
  DEFICIENCY_IDENTIFICATION,
  COUNTERFACTUALS,
  SET_COVER,
  RETRAINING,
  EVALUATION;

  /** Receives progress within a phase: {@code done} of {@code total} work items finished. */
  @FunctionalInterface
  public interface Listener {
    Listener NONE = (phase, done, total) -> {};

    void progress(RoundPhase phase, int done, int total);
  }
}
