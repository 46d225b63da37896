package io.coopdistill.learners.distill.expertise;

/** Which of a site's rows teacher i turns into counterfactuals for student j. */
public enum Focus {
  /** R(i→j) = S_i − S_j: the paper's focused transfer. */
  DEFICIENCIES,
  /** S_i: everything the teacher gets right, whether or not the student needs it (ablation). */
  ALL_CORRECT
}
