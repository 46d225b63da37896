package io.coopdistill.actors;

import io.coopdistill.learners.distill.round.RoundPhase;
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

  static WorkItem of(int learner) { return new WorkItem(learner, NONE); }

  /** The work of {@code phase} among {@code k} learners: every learner's step, or every site's every teacher, but none at lost sites. */
  static List<WorkItem> all(RoundPhase phase, int k, Set<Integer> lost) {
    List<WorkItem> items = new ArrayList<>();
    for (int site = 0; site < k; site++) {
      if (lost.contains(site)) continue;
      if (phase != RoundPhase.COUNTERFACTUALS) items.add(of(site));
      else for (int teacher = 0; teacher < k; teacher++) items.add(new WorkItem(site, teacher));
    }
    return items;
  }

  @Override
  public int compareTo(WorkItem o) { return site != o.site ? Integer.compare(site, o.site) : Integer.compare(teacher, o.teacher); }

  String describe(List<String> names) {
    return teacher == NONE ? "learner " + names.get(site) : "teacher " + names.get(teacher) + " at " + names.get(site);
  }
}
