package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TrainingProgress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Liveness, not duration, through the whole actor runtime: every phase times out after 1 s of
 * silence.
 */
class LivenessTest {
  static final Config SHORT_TIMEOUTS =
      ConfigFactory.parseString(
              """
      coopdistill.actors.timeouts { training = 1s, identification = 1s, counterfactuals = 1s, set-cover = 1s, evaluation = 1s }
      coopdistill.actors.heartbeat = 100ms
      """)
          .withFallback(HeartDiseaseRoundTest.ROOT);

  /** Delegates to a real learner, but its first training call takes {@code millis} longer. */
  record SlowFirstTraining(Learner inner, long millis, AtomicInteger calls) implements Learner {
    @Override
    public String name() {
      return "slow-" + inner.name();
    }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      if (calls.incrementAndGet() == 1) {
        try {
          Thread.sleep(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return inner.train(data, seed, progress);
    }
  }

  @Test
  void aLearnerThatTrainsForThreeTimeoutsIsWaitedForAndTheRoundIsTheReferences() {
    long seed = 5;
    SlowFirstTraining slow =
        new SlowFirstTraining(HeartDiseaseRoundTest.TREE, 3000, new AtomicInteger());
    long start = System.nanoTime();
    Supervisor.Completed run =
        ActorRuntime.run(
            SHORT_TIMEOUTS,
            LearnerFailureTest.withLearner(seed, 1, slow),
            HeartDiseaseRoundTest.SITES.test(),
            seed,
            1,
            p -> {});
    assertTrue((System.nanoTime() - start) / 1e9 >= 3, "the baseline training took its 3 s");
    DistillationResult expected = HeartDiseaseRoundTest.reference(seed);
    assertTrue(
        run.rounds().get(0).sameOutcome(expected),
        "actors:\n" + run.rounds().get(0) + "\nreference:\n" + expected);
  }
}
