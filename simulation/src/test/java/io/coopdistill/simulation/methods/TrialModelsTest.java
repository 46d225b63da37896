package io.coopdistill.simulation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.distill.round.RoundPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Learners trained side by side: results and progress in learner order, whatever finishes first;
 * failures surface.
 */
class TrialModelsTest {

  @Test
  void resultsAndProgressComeInLearnerOrderWhateverFinishesFirst() {
    List<String> progress = new ArrayList<>();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<Integer> squares =
        TrialModels.forEachLearner(
            6,
            RoundPhase.RETRAINING,
            (phase, done, total) -> progress.add(phase + " " + done + "/" + total),
            i -> {
              threads.add(Thread.currentThread().getName());
              sleep(5L * (6 - i)); // the first learners finish last
              return i * i;
            });
    assertEquals(List.of(0, 1, 4, 9, 16, 25), squares);
    assertEquals(
        List.of(
            "RETRAINING 0/6",
            "RETRAINING 1/6",
            "RETRAINING 2/6",
            "RETRAINING 3/6",
            "RETRAINING 4/6",
            "RETRAINING 5/6",
            "RETRAINING 6/6"),
        progress);
    assertTrue(
        threads.stream().allMatch(t -> t.startsWith("coopdistill-learners-")), threads.toString());
    assertEquals(
        Math.min(6, Runtime.getRuntime().availableProcessors()),
        threads.size(),
        "one learner per core at a time: " + threads);
  }

  @Test
  void aLearnerThatFailsFailsTheMethodWithItsOwnError() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrialModels.forEachLearner(
                    3,
                    RoundPhase.RETRAINING,
                    RoundPhase.Listener.NONE,
                    i -> {
                      if (i == 1) throw new IllegalArgumentException("learner 1 cannot train");
                      return i;
                    }));
    assertEquals("learner 1 cannot train", e.getMessage());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
