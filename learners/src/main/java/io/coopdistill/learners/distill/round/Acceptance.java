package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a student keeps the model it retrained on its lessons ({@code
 * coopdistill.distillation.accept}): always (the paper), or only if the retrained model is more
 * accurate than the one it had on the student's own validation rows, rows it trains on in neither
 * model. Both runtimes decide here.
 */
public enum Acceptance {
  /** Every retrained model replaces the previous one: Algorithm 1 as published. */
  ALWAYS,
  /**
   * The retrained model replaces the previous one only if it classifies strictly more of the
   * student's validation rows correctly; a tie keeps the previous model, since a lesson that shows
   * no gain on real rows is no evidence of one.
   */
  IF_BETTER;

  /**
   * Whether a student keeps {@code retrained} over {@code previous}, judged on {@code validation}
   * (unused by ALWAYS).
   */
  public boolean keeps(Model previous, Model retrained, Dataset validation) {
    if (this == ALWAYS) return true;
    return Expertise.identify(retrained, validation).correctCount()
        > Expertise.identify(previous, validation).correctCount();
  }

  /**
   * The rows a site judges its lessons on: its validation rows if it has them, else its held-out
   * split (rows of its own distribution it never trains on, not the test set); null if neither.
   */
  public static Dataset validationRows(Site site) {
    return site.validation() != null ? site.validation() : site.heldOut();
  }

  /**
   * The sites of a round under this setting: unchanged under ALWAYS, or where a site has neither,
   * with validation rows set aside from its own rows (a seeded stratified split of {@code
   * fraction}, made before its baseline trains, so that neither model trains on them).
   *
   * @throws IllegalArgumentException naming the first site that has no rows to judge on when {@code
   *     fraction} is 0
   */
  public List<Site> judging(List<Site> sites, double fraction, long seed) {
    if (this == ALWAYS) return sites;
    List<Site> judging = new ArrayList<>(sites.size());
    for (int i = 0; i < sites.size(); i++) {
      Site site = sites.get(i);
      Dataset rows = validationRows(site);
      if (rows != null && rows.size() > 0) {
        judging.add(site);
      } else if (fraction > 0) {
        // The baseline's training seed is derive(seed, TRAINING, i): one more coordinate gives an
        // independent stream.
        Dataset.Split split =
            site.data()
                .stratifiedSplit(
                    fraction, Seeds.derive(seed, Seeds.Phase.TRAINING, i, sites.size()));
        judging.add(
            new Site(site.name(), site.learner(), split.first(), split.second(), site.heldOut()));
      } else {
        throw new IllegalArgumentException(
            DistillationOptions.PATH
                + ".accept = if-better: site '"
                + site.name()
                + "' has no validation or held-out rows to judge its lessons on and "
                + DistillationOptions.PATH
                + ".accept-validation-fraction is 0");
      }
    }
    return judging;
  }
}
