package io.coopdistill.learners.distill.counterfactual;

import io.coopdistill.learners.data.FeatureSchema;

/**
 * What a privacy guard changes in a {@link SearchProblem}, without touching any search's inner
 * loop: the anchor each search starts from and measures its L1 term against (the source row itself,
 * or something less identifying), and a floor applied to each candidate after it is projected into
 * the data space, before it is scored. The site that owns the private rows builds the guard ({@code
 * io.coopdistill.learners.privacy.SitePrivacy}).
 */
public interface SearchGuard {

  /**
   * The paper's search: start at, and measure L1 against, the source row; admit every candidate.
   */
  SearchGuard NONE =
      new SearchGuard() {
        @Override
        public float[] anchor(float[] row, int label) {
          return row;
        }

        @Override
        public boolean admit(float[] point, FeatureSchema schema) {
          return true;
        }
      };

  /**
   * The point the search for a source row of class {@code label} starts from and stays near in L1.
   */
  float[] anchor(float[] row, int label);

  /**
   * Moves a projected candidate, in place, to a point the guard allows (still a valid data point);
   * false if it found none, and the candidate is then not sent.
   */
  boolean admit(float[] point, FeatureSchema schema);

  /**
   * True when the search may read nothing of a source row but its anchor (a differentially private
   * release): the target y' is then the model's view of the anchor, not of the row, and the
   * unchanged test and L1 compare with the anchor. False for the paper's search.
   */
  default boolean releasesAnchorOnly() {
    return false;
  }
}
