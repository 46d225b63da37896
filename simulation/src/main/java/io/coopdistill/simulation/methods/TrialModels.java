package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * What the competitor methods share: the trial's baseline models, training seeds and test accuracy,
 * and training or scoring every learner in parallel, one learner per core (as the actor runtime's
 * training dispatcher does). Each learner trains with its own seed, so the order does not matter.
 */
final class TrialModels {
  private TrialModels() {}

  /**
   * The seed learner {@code i} trains with, baseline or retrained: the engine's, so that a method's
   * gain over the baseline is not blurred by a different initialisation.
   */
  static long trainingSeed(Trial trial, int i) {
    return Seeds.derive(trial.seed(), Seeds.Phase.TRAINING, i);
  }

  /** How a method retrains student j (with its seed, {@link #trainingSeed}). */
  @FunctionalInterface
  interface Retraining {
    Model retrain(int j, Site student, long seed);
  }

  /**
   * Every student retrained by {@code retraining}, reported as the retraining phase, then
   * evaluated.
   */
  static MethodOutcome retrainEach(
      Trial trial, RoundPhase.Listener progress, Retraining retraining) {
    List<Site> sites = trial.sites();
    List<Model> students =
        forEachLearner(
            sites.size(),
            RoundPhase.RETRAINING,
            progress,
            j -> retraining.retrain(j, sites.get(j), trainingSeed(trial, j)));
    return evaluate(trial, students, progress);
  }

  /** The test accuracy and balanced accuracy of each model, reported as the evaluation phase. */
  static MethodOutcome evaluate(Trial trial, List<Model> models, RoundPhase.Listener progress) {
    List<Expertise> scored =
        forEachLearner(
            models.size(),
            RoundPhase.EVALUATION,
            progress,
            i -> Expertise.identify(models.get(i), trial.test()));
    return new MethodOutcome(
        scored.stream().mapToDouble(Expertise::accuracy).toArray(),
        scored.stream().mapToDouble(e -> e.balancedAccuracy(trial.test())).toArray(),
        null);
  }

  private static final AtomicInteger POOLS = new AtomicInteger();

  /**
   * {@code work(i)} for every learner i in {@code [0, k)}, as many at a time as there are cores;
   * progress of {@code phase} is reported from the calling thread, in learner order, starting at 0
   * of k so that a long phase shows at once.
   */
  static <T> List<T> forEachLearner(
      int k, RoundPhase phase, RoundPhase.Listener progress, IntFunction<T> work) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory named =
        r -> {
          Thread t =
              new Thread(r, "coopdistill-learners-" + pool + "-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ExecutorService executor =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(k, Runtime.getRuntime().availableProcessors())), named);
    try {
      List<Future<T>> futures = new ArrayList<>(k);
      for (int i = 0; i < k; i++) {
        int learner = i;
        futures.add(executor.submit(() -> work.apply(learner)));
      }
      List<T> results = new ArrayList<>(k);
      progress.progress(phase, 0, k);
      for (int i = 0; i < k; i++) {
        results.add(futures.get(i).get());
        progress.progress(phase, i + 1, k);
      }
      return results;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error err) throw err;
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training the learners", e);
    } finally {
      executor.shutdownNow();
    }
  }

  /** The names of the trial's learners that lack {@code capability}, e.g. to explain an N/A. */
  static List<String> lacking(Trial trial, Class<?> capability) {
    return trial.sites().stream()
        .filter(p -> !capability.isInstance(p.learner()))
        .map(p -> p.name() + " (" + p.learner().name() + ")")
        .toList();
  }
}
