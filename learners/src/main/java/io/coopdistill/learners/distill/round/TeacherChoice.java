package io.coopdistill.learners.distill.round;

import java.util.Arrays;

/**
 * Which teachers teach each student in a round: every peer (the paper's all-pairs round), or, in a
 * many-agent round, the m that {@link TeachingPlan#choose} picked from the counts of R(i→j) the
 * sites reported. Made where the reports meet (the reference orchestrator, the actor runtime's
 * supervisor) and handed to every site's teachers; counts only went into it, no row.
 *
 * @param everyPair every learner teaches every other one
 * @param teachersOf otherwise, for each student, its teachers in increasing order
 */
public record TeacherChoice(boolean everyPair, int[][] teachersOf) {

  /** How a many-agent round picks a student's m teachers among its candidates. */
  public enum Rule {
    /** The m with the largest R(i→j) (ties: the lower index). */
    LARGEST,
    /**
     * m drawn without replacement with probability proportional to R(i→j), with the round's seed.
     */
    PROPORTIONAL
  }

  /** The paper's round: every ordered pair. */
  public static final TeacherChoice EVERY_PAIR = new TeacherChoice(true, new int[0][]);

  public TeacherChoice {
    if (!everyPair) {
      teachersOf = teachersOf.clone();
      for (int j = 0; j < teachersOf.length; j++) {
        teachersOf[j] = teachersOf[j].clone();
        Arrays.sort(teachersOf[j]);
      }
    }
  }

  /** Whether {@code teacher} teaches {@code student} this round. */
  public boolean teaches(int teacher, int student) {
    return teacher != student
        && (everyPair || Arrays.binarySearch(teachersOf[student], teacher) >= 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TeacherChoice c
        && everyPair == c.everyPair
        && Arrays.deepEquals(teachersOf, c.teachersOf);
  }

  @Override
  public int hashCode() {
    return 31 * Boolean.hashCode(everyPair) + Arrays.deepHashCode(teachersOf);
  }

  @Override
  public String toString() {
    return everyPair
        ? "TeacherChoice(every pair)"
        : "TeacherChoice(" + Arrays.deepToString(teachersOf) + ")";
  }
}
