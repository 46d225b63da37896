package io.coopdistill.learners.distill;

/**
 * Derives the seed of every random step from the run's seed and the step's coordinates (phase,
 * site, teacher, student), so that the same run gives the same result however its steps are
 * scheduled: in one thread, on a thread pool or on actors across a cluster.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * Phases of a round that draw random numbers. Baseline training and retraining share {@code
   * TRAINING}, so that a learner's gain is not blurred by a different initialisation. {@code ROUND}
   * gives each later round of a multi-round run its own seed; {@code PRIVACY} draws the audit's
   * non-member samples and bootstrap resamples. {@code TEACHERS} draws a many-agent round's
   * candidate teachers and proportional choice, {@code STUDY} the instances a student's budget
   * keeps (new phases go last: a phase's ordinal is part of every seed it derives).
   */
  public enum Phase {
    TRAINING,
    BUDGET,
    COUNTERFACTUALS,
    ROUND,
    PRIVACY,
    TEACHERS,
    STUDY
  }

  public static long derive(long runSeed, Phase phase, int... coordinates) {
    long h = mix(runSeed ^ 0x9E3779B97F4A7C15L * (phase.ordinal() + 1));
    for (int c : coordinates) h = mix(h ^ (c + 0x632BE59BD9B4E019L));
    return h;
  }

  // SplitMix64's finaliser: a cheap bijection that spreads nearby inputs across all 64 bits.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
