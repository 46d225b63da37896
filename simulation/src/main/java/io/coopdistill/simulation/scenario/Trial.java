package io.coopdistill.simulation.scenario;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.CooperativeDistillation.Participant;
import java.util.List;

/**
 * One seeded instance of a scenario: the learners with their private data, all in one feature
 * space, and the test set every method is evaluated on. Methods compared on a trial see exactly
 * the same data.
 */
public record Trial(String scenario, long seed, List<Participant> participants, Dataset test) {
  public Trial {
    participants = List.copyOf(participants);
  }
}
