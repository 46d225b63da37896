package io.coopdistill.actors.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Props;
import akka.actor.typed.SpawnProtocol;
import akka.actor.typed.javadsl.AskPattern;
import io.coopdistill.actors.ActorRuntime.DistillationFailedException;
import io.coopdistill.actors.RuntimeOptions;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The blocking facade for a run on a formed cluster, called on a {@value ClusterNode#COORDINATOR}
 * node: the same rounds as {@code ActorRuntime.run}, with the learners wherever the learner nodes
 * host them. Round 1 gives the same result as a single-JVM run for the same seed and configuration.
 */
public final class ClusterRuntime {
  private ClusterRuntime() {}

  private static final AtomicInteger RUNS = new AtomicInteger();

  /**
   * Runs up to {@code rounds} rounds over the sites {@code siteNames} (in index order; every
   * learner node must host its sites with these indices and names).
   *
   * @param privacy the run's privacy options: the guard every search respects, whatever the learner
   *     nodes' configuration says (a method may search unguarded beside the configured guard)
   * @param progress called, one event at a time, with the supervisor's progress events
   * @throws DistillationFailedException if sites are missing, the run failed (a lost learner node
   *     included) or timed out; it carries the rounds that finished
   */
  public static Supervisor.Completed run(
      ClusterNode coordinator,
      List<String> siteNames,
      long seed,
      int rounds,
      PrivacyOptions privacy,
      Consumer<Supervisor.Progress> progress) {
    if (!coordinator.roles().contains(ClusterNode.COORDINATOR)) {
      throw new IllegalArgumentException(
          "runs start on a node with role "
              + ClusterNode.COORDINATOR
              + "; this one has "
              + coordinator.roles());
    }
    if (siteNames.size() < 2)
      throw new IllegalArgumentException(
          "cooperative distillation needs at least 2 sites, got " + siteNames);
    if (siteNames.stream().distinct().count() != siteNames.size())
      throw new IllegalArgumentException("site names repeat: " + siteNames);
    RuntimeOptions runtime = RuntimeOptions.fromConfig(coordinator.config());
    ClusterOptions cluster = ClusterOptions.fromConfig(coordinator.config());
    CompletableFuture<Supervisor.RunReply> result = new CompletableFuture<>();
    var system = coordinator.system();
    AskPattern.<SpawnProtocol.Command, ActorRef<RunCoordinator.Command>>ask(
        system,
        replyTo ->
            new SpawnProtocol.Spawn<>(
                RunCoordinator.create(
                    new RunCoordinator.Run(
                        List.copyOf(siteNames),
                        runtime,
                        cluster,
                        coordinator.fingerprint(),
                        seed,
                        rounds,
                        privacy,
                        progress,
                        result)),
                "run-" + RUNS.incrementAndGet(),
                Props.empty(),
                replyTo),
        Duration.ofSeconds(10),
        system.scheduler());
    Duration wait = runtime.runTimeout().plus(cluster.registrationTimeout());
    try {
      Supervisor.RunReply reply = result.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      if (reply instanceof Supervisor.RunFailed failed)
        throw new DistillationFailedException(failed.error(), failed.completedRounds());
      return (Supervisor.Completed) reply;
    } catch (TimeoutException e) {
      throw new DistillationFailedException(
          "the run did not finish within "
              + wait
              + " ("
              + RuntimeOptions.PATH
              + ".timeouts.run + "
              + ClusterOptions.PATH
              + ".registration-timeout)",
          List.of());
    } catch (ExecutionException e) {
      throw new IllegalStateException("the run failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run", e);
    }
  }
}
