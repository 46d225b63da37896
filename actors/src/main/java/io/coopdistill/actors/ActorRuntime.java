package io.coopdistill.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.AskPattern;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.Config;
import io.coopdistill.actors.site.LearnerActor;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The blocking facade over the actor runtime, for the CLI and tests: starts an actor system whose
 * guardian is the {@link Supervisor} with one {@link LearnerActor} per site, runs, and terminates
 * the system.
 */
public final class ActorRuntime {
  private ActorRuntime() {}

  /** The run failed; the message names the learner or step responsible. */
  public static final class DistillationFailedException extends RuntimeException {
    private final transient List<DistillationResult> completedRounds;

    public DistillationFailedException(String message, List<DistillationResult> completedRounds) {
      super(message);
      this.completedRounds = List.copyOf(completedRounds);
    }

    /** Rounds finished before the failure (for diagnosis, not a result). */
    public List<DistillationResult> completedRounds() {
      return completedRounds;
    }
  }

  /**
   * Runs with {@code config} (the application's, with Akka's settings under {@code akka}).
   *
   * @param progress called, one event at a time, with the supervisor's progress events
   * @throws DistillationFailedException if the run failed (after retries) or timed out
   */
  public static Supervisor.Completed run(
      Config config,
      List<Site> sites,
      Dataset test,
      long seed,
      int rounds,
      Consumer<Supervisor.Progress> progress) {
    return run(config, DistillationMethod.fromConfig(config), sites, test, seed, rounds, progress);
  }

  /**
   * As {@link #run(Config, List, Dataset, long, int, Consumer)}, with the given method instead of
   * the configured one.
   */
  public static Supervisor.Completed run(
      Config config,
      DistillationMethod method,
      List<Site> sites,
      Dataset test,
      long seed,
      int rounds,
      Consumer<Supervisor.Progress> progress) {
    return run(
        config,
        method,
        sites,
        test,
        seed,
        rounds,
        List.of(method.curriculum()),
        progress,
        LessonSink.NONE);
  }

  /**
   * As {@link #run(Config, DistillationMethod, List, Dataset, long, int, Consumer)}; the students
   * study under the first of {@code curricula} and, after one round, under each further variant
   * ({@link Supervisor.Run}); each site tells {@code sentLessons} of every lesson it sends. The
   * method's privacy options are the run's: every search respects their guard.
   */
  public static Supervisor.Completed run(
      Config config,
      DistillationMethod method,
      List<Site> given,
      Dataset test,
      long seed,
      int rounds,
      List<CurriculumVariant> curricula,
      Consumer<Supervisor.Progress> progress,
      LessonSink sentLessons) {
    Site.checkCompatible(given, test);
    // As the reference orchestrator: under accept = if-better a site without held-out rows sets
    // some aside before training.
    List<Site> sites = method.options().judging(given, seed);
    RuntimeOptions options = RuntimeOptions.fromConfig(config);
    Behavior<Supervisor.Command> guardian =
        Behaviors.setup(
            context -> {
              List<ActorRef<LearnerProtocol.Command>> learners = new ArrayList<>();
              for (int i = 0; i < sites.size(); i++) {
                learners.add(
                    context.spawn(
                        LearnerActor.create(
                            i, sites.get(i), test, method, options.heartbeat(), sentLessons),
                        "learner-" + i));
              }
              return Supervisor.create(learners, sites.stream().map(Site::name).toList(), options);
            });
    ActorSystem<Supervisor.Command> system = ActorSystem.create(guardian, "coopdistill", config);
    try {
      // Subscribed from this thread before the run is asked for: a subscription sent from the
      // guardian's
      // setup could arrive after the run and miss the opening event of baseline training.
      system.tell(
          new Supervisor.Subscribe(
              system.systemActorOf(
                  Behaviors.receive(Supervisor.Progress.class)
                      .onMessage(
                          Supervisor.Progress.class,
                          p -> {
                            progress.accept(p);
                            return Behaviors.same();
                          })
                      .build(),
                  "progress",
                  Props.empty())));
      Supervisor.RunReply reply =
          AskPattern.<Supervisor.Command, Supervisor.RunReply>ask(
                  system,
                  replyTo ->
                      new Supervisor.Run(
                          seed,
                          rounds,
                          List.copyOf(curricula),
                          method.privacy(),
                          method.options().manyAgents(),
                          replyTo),
                  options.runTimeout(),
                  system.scheduler())
              .toCompletableFuture()
              .get();
      if (reply instanceof Supervisor.RunFailed failed)
        throw new DistillationFailedException(failed.error(), failed.completedRounds());
      return (Supervisor.Completed) reply;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TimeoutException) {
        throw new DistillationFailedException(
            "the run did not finish within "
                + options.runTimeout()
                + " ("
                + RuntimeOptions.PATH
                + ".timeouts.run)",
            List.of());
      }
      throw new IllegalStateException("the run failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run", e);
    } finally {
      system.terminate();
      try {
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        // Termination is best effort; the run's answer (or error) is what matters.
      }
    }
  }
}
