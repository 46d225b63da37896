package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.TrainingDataException;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Fault injection: learners that throw while retraining, through the whole actor system. */
class LearnerFailureTest {

  /**
   * Delegates to a real learner but throws on the training calls numbered in {@code failing}
   * (1-based).
   */
  static final class FaultyLearner implements Learner {
    final Learner inner;
    final AtomicInteger calls = new AtomicInteger();
    final java.util.function.IntPredicate failing;
    final java.util.function.IntFunction<RuntimeException> failure;

    FaultyLearner(Learner inner, java.util.function.IntPredicate failing) {
      this(
          inner,
          failing,
          call -> new IllegalStateException("injected failure in training call " + call));
    }

    FaultyLearner(
        Learner inner,
        java.util.function.IntPredicate failing,
        java.util.function.IntFunction<RuntimeException> failure) {
      this.inner = inner;
      this.failing = failing;
      this.failure = failure;
    }

    @Override
    public String name() {
      return "faulty-" + inner.name();
    }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      if (failing.test(calls.incrementAndGet())) throw failure.apply(calls.get());
      return inner.train(data, seed, progress);
    }
  }

  /**
   * No shadow models for the privacy audit: they train with the site's learner too, and the calls
   * counted here are the site's own.
   */
  static final Config ROOT =
      ConfigFactory.parseString("coopdistill.privacy.audit.shadow-models = 0")
          .withFallback(HeartDiseaseRoundTest.ROOT);

  static List<Site> withLearner(long seed, int index, Learner learner) {
    List<Site> sites = new ArrayList<>(HeartDiseaseRoundTest.sites(seed));
    Site s = sites.get(index);
    sites.set(index, new Site(s.name(), learner, s.data(), s.validation(), s.heldOut()));
    return sites;
  }

  @Test
  void aLearnerThatFailsOnceWhileRetrainingIsRestartedAndTheRoundLosesNothing() {
    long seed = 5;
    FaultyLearner faulty = new FaultyLearner(HeartDiseaseRoundTest.TREE, call -> call == 2);
    Supervisor.Completed run =
        ActorRuntime.run(
            ROOT,
            withLearner(seed, 1, faulty),
            HeartDiseaseRoundTest.SITES.test(),
            seed,
            1,
            p -> {});
    assertEquals(3, faulty.calls.get(), "baseline, the failed retraining and its retry");
    DistillationResult expected =
        new CooperativeDistillation(DistillationMethod.fromConfig(ROOT))
            .run(
                HeartDiseaseRoundTest.sites(seed),
                HeartDiseaseRoundTest.SITES.test(),
                seed,
                RoundPhase.Listener.NONE)
            .result();
    assertTrue(
        run.rounds().get(0).sameOutcome(expected),
        "after the restart:\n" + run.rounds().get(0) + "\nreference:\n" + expected);
  }

  @Test
  void aLearnerThatAlwaysFailsWhileRetrainingFailsTheRoundWithItsName() {
    long seed = 5;
    FaultyLearner faulty = new FaultyLearner(HeartDiseaseRoundTest.TREE, call -> call >= 2);
    List<Site> sites = withLearner(seed, 2, faulty);
    ActorRuntime.DistillationFailedException e =
        assertThrows(
            ActorRuntime.DistillationFailedException.class,
            () ->
                ActorRuntime.run(
                    ROOT, sites, HeartDiseaseRoundTest.SITES.test(), seed, 1, p -> {}));
    String name = sites.get(2).name();
    assertTrue(
        e.getMessage().contains("learner " + name + " failed RETRAINING")
            && e.getMessage().contains("injected failure")
            && e.getMessage().contains("gave up after 2 retries"),
        e.getMessage());
    assertEquals(1 + 3, faulty.calls.get(), "baseline, then retraining tried 1 + 2 retries times");
    assertTrue(e.completedRounds().isEmpty(), "no partial result");
  }

  @Test
  void aDeterministicTrainingErrorFailsTheRoundAtOnceWithoutRetries() {
    long seed = 5;
    FaultyLearner faulty =
        new FaultyLearner(
            HeartDiseaseRoundTest.TREE,
            call -> call >= 2,
            call ->
                new TrainingDataException("injected: rows of one class in training call " + call));
    List<Site> sites = withLearner(seed, 1, faulty);
    ActorRuntime.DistillationFailedException e =
        assertThrows(
            ActorRuntime.DistillationFailedException.class,
            () ->
                ActorRuntime.run(
                    ROOT, sites, HeartDiseaseRoundTest.SITES.test(), seed, 1, p -> {}));
    assertTrue(
        e.getMessage().contains("learner " + sites.get(1).name() + " failed RETRAINING")
            && e.getMessage().contains("rows of one class")
            && !e.getMessage().contains("gave up"),
        e.getMessage());
    assertEquals(
        2, faulty.calls.get(), "baseline, then one retraining: the same data would fail again");
  }
}
