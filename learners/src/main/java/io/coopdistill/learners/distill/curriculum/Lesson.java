package io.coopdistill.learners.distill.curriculum;

import io.coopdistill.learners.data.Dataset;

/**
 * What teacher i sends student j from site k after step 3: the usable virtual instances (each keeps
 * the label of its source row) and the accounting of the rows they came from.
 *
 * @param searched rows of R_k(i→j) a counterfactual was searched for (after the per-pair budget)
 * @param failed searches that did not reach their target, or whose result the privacy guard did not
 *     admit (not sent)
 * @param unchanged searches that returned their private source row unchanged (or landed exactly on
 *     another private row of the site): not sent
 */
public record Lesson(
    int site,
    int teacher,
    int student,
    float[][] features,
    int[] labels,
    int searched,
    int failed,
    int unchanged) {

  public Lesson {
    if (features.length != labels.length)
      throw new IllegalArgumentException(
          features.length + " instances, " + labels.length + " labels");
    if (searched != features.length + failed + unchanged) {
      throw new IllegalArgumentException(
          "searched "
              + searched
              + " ≠ sent "
              + features.length
              + " + failed "
              + failed
              + " + unchanged "
              + unchanged);
    }
  }

  public int size() {
    return labels.length;
  }

  /**
   * Why learner {@code student}, whose own rows are {@code data}, cannot study this lesson, or
   * null: it is addressed to another learner, or has a virtual instance of another width or an
   * unknown class.
   */
  public String problemFor(int student, Dataset data) {
    String from = "lesson from site " + site + ", teacher " + teacher;
    if (this.student != student) return from + " is addressed to learner " + this.student;
    for (float[] x : features) {
      if (x.length != data.numFeatures())
        return from
            + " has a virtual instance of width "
            + x.length
            + "; the feature space has "
            + data.numFeatures();
    }
    for (int y : labels) {
      if (y < 0 || y >= data.numClasses()) return from + " has unknown class " + y;
    }
    return null;
  }

  /** The counts-only summary of this lesson, for the round's accounting. */
  public LessonReport report() {
    return new LessonReport(site, teacher, student, searched, failed, unchanged, size());
  }
}
