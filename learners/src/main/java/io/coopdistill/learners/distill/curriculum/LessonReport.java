package io.coopdistill.learners.distill.curriculum;

/**
 * The counts of a {@link Lesson} without its virtual instances: what a teacher tells whoever keeps
 * the round's accounting while the lesson itself goes to the student.
 *
 * @param sent usable virtual instances the student received (searched − failed − unchanged)
 */
public record LessonReport(
    int site, int teacher, int student, int searched, int failed, int unchanged, int sent) {

  public LessonReport {
    if (searched != sent + failed + unchanged) {
      throw new IllegalArgumentException(
          "searched "
              + searched
              + " ≠ sent "
              + sent
              + " + failed "
              + failed
              + " + unchanged "
              + unchanged);
    }
  }
}
