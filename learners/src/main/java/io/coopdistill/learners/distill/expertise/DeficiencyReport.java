package io.coopdistill.learners.distill.expertise;

import java.util.Arrays;

/**
 * What a site tells the others about R_k(i→j): how many of its rows, per class, teacher i predicts
 * correctly and student j does not. Counts only, never rows.
 */
public record DeficiencyReport(String site, int teacher, int student, int[] countsPerClass) {

  public DeficiencyReport {
    countsPerClass = countsPerClass.clone();
  }

  public int total() {
    return Arrays.stream(countsPerClass).sum();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeficiencyReport r
        && site.equals(r.site)
        && teacher == r.teacher
        && student == r.student
        && Arrays.equals(countsPerClass, r.countsPerClass);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * site.hashCode() + teacher) + student) + Arrays.hashCode(countsPerClass);
  }

  @Override
  public String toString() {
    return "DeficiencyReport("
        + site
        + ": "
        + teacher
        + "→"
        + student
        + " "
        + Arrays.toString(countsPerClass)
        + ")";
  }
}
