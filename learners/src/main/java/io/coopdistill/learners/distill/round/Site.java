package io.coopdistill.learners.distill.round;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import java.util.List;

/**
 * A site of cooperative distillation: a learner and its private data, in the reference
 * orchestrator, a learner actor and the simulation alike.
 *
 * @param validation held-out rows of the site for the stop rule of later rounds and the judge of
 *     {@link Acceptance#IF_BETTER} (which falls back to {@code heldOut}), or null
 * @param heldOut rows of the site's distribution it does not train on (its held-out split), the
 *     privacy audit's non-members; null where the scenario has none (the audit then samples the
 *     test set)
 */
public record Site(
    String name, Learner learner, Dataset data, Dataset validation, Dataset heldOut) {

  /** A site without validation or held-out rows. */
  public Site(String name, Learner learner, Dataset data) {
    this(name, learner, data, null, null);
  }

  /** This site with {@code other} as its learner (e.g. one that keeps what it trains). */
  public Site with(Learner other) {
    return new Site(name, other, data, validation, heldOut);
  }

  /**
   * Checks that at least two sites take part and that every site's data, validation rows and the
   * test set (if any) are in one feature space with the same classes.
   */
  public static void checkCompatible(List<Site> sites, Dataset test) {
    if (sites.size() < 2)
      throw new IllegalArgumentException(
          "cooperative distillation needs at least 2 learners, got " + sites.size());
    Dataset first = sites.get(0).data();
    for (Site s : sites) {
      for (Dataset d : new Dataset[] {s.data(), s.validation()}) {
        if (d != null && !sameSpace(d, first)) {
          throw new IllegalArgumentException(
              "learner "
                  + s.name()
                  + "'s data ("
                  + d
                  + ") is not in the same feature space and classes as "
                  + sites.get(0).name()
                  + "'s ("
                  + first
                  + "): encode all sites in one union schema");
        }
      }
    }
    if (test != null && !sameSpace(test, first)) {
      throw new IllegalArgumentException(
          "the test set " + test + " is not in the learners' feature space and classes");
    }
  }

  private static boolean sameSpace(Dataset a, Dataset b) {
    return a.numFeatures() == b.numFeatures() && a.classNames().equals(b.classNames());
  }
}
