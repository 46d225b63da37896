package io.coopdistill.actors;

import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.TeachingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One unit of a phase's work, as a {@link PhaseBarrier} waits for it: learner {@code site}'s step,
 * or, for counterfactuals, teacher {@code teacher}'s lessons made at site {@code site}.
 */
record WorkItem(int site, int teacher) implements Comparable<WorkItem> {
  /** The teacher of an item that is a learner's own step. */
  static final int NONE = -1;

  static WorkItem of(int learner) {
    return new WorkItem(learner, NONE);
  }

  /**
   * The work of {@code phase} in a round of {@code plan}: every learner's step, or every site's
   * teachers, but none at lost sites.
   */
  static List<WorkItem> all(RoundPhase phase, TeachingPlan plan, Set<Integer> lost) {
    List<WorkItem> items = new ArrayList<>();
    for (int site = 0; site < plan.learners(); site++) {
      if (lost.contains(site)) continue;
      if (phase != RoundPhase.COUNTERFACTUALS) items.add(of(site));
      else for (int teacher : plan.teachersAt(site)) items.add(new WorkItem(site, teacher));
    }
    return items;
  }

  @Override
  public int compareTo(WorkItem o) {
    return site != o.site ? Integer.compare(site, o.site) : Integer.compare(teacher, o.teacher);
  }

  String describe(List<String> names) {
    return teacher == NONE
        ? "learner " + names.get(site)
        : "teacher " + names.get(teacher) + " at " + names.get(site);
  }
}
