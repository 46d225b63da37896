package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.actors.ActorRuntime;
import io.coopdistill.actors.Supervisor;
import io.coopdistill.actors.cluster.ClusterNode;
import io.coopdistill.actors.cluster.ClusterRuntime;
import io.coopdistill.actors.cluster.Fingerprint;
import io.coopdistill.learners.ConfigEnums;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place where the simulation runs a trial with cooperative distillation: on the actor
 * runtime in this JVM (the default, {@code coopdistill.simulation.runtime = actors}), on the
 * learner nodes of an Akka cluster ({@code cluster}), or on the synchronous reference orchestrator
 * ({@code reference}); all give the same result for the same seed. The raw-sharing reference always
 * runs on the orchestrator: no actor message may carry a private row. On a cluster the learner
 * nodes apply their own configuration of the method, but each run brings its privacy options: the
 * configured method and the same method under other privacy options (cooperative-unguarded) run on
 * the learner nodes, studying their own curriculum only; variants of the distillation options (set
 * cover off, unfocused) run in this JVM.
 */
public final class CooperativeRound {
  private CooperativeRound() {}

  public static final String RUNTIME_PATH = "coopdistill.simulation.runtime";
  static final String ROUNDS_PATH = "coopdistill.simulation.rounds";

  /** Where rounds run. */
  public enum Runtime {
    ACTORS,
    CLUSTER,
    REFERENCE
  }

  /**
   * @param baselineModels the baseline models when they were trained in this thread (reference
   *     orchestrator); empty when they live in learner actors
   * @param alsoStudied the round's lessons studied under each further curriculum variant asked for,
   *     where the runtime can (in this JVM, one round)
   * @param laterRounds rounds 2, 3, ... when {@code coopdistill.simulation.rounds} asks for them
   */
  public record Round(
      DistillationResult result,
      List<Model> baselineModels,
      Map<CurriculumVariant, DistillationResult> alsoStudied,
      List<DistillationResult> laterRounds) {}

  /**
   * One round on the trial's sites, evaluated on its test set, with the trial's seed, every search
   * respecting {@code privacy}'s guard and every site auditing under its settings.
   *
   * @param curricula the curriculum variants the students study: the first in every round, each
   *     further one from the first round's lessons where the runtime can
   * @param sentLessons told of every lesson of virtual instances a site sends, on the actors in
   *     this JVM and the reference orchestrator (not on a cluster, whose sites are elsewhere)
   */
  public static Round run(
      Trial trial,
      DistillationOptions options,
      PrivacyOptions privacy,
      Config root,
      List<CurriculumVariant> curricula,
      RoundPhase.Listener progress,
      LessonSink sentLessons) {
    DistillationMethod method = DistillationMethod.fromConfig(root).with(options).with(privacy);
    Runtime runtime = runtime(root);
    if (options.transfer() == DistillationOptions.Transfer.RAW_ROWS) runtime = Runtime.REFERENCE;
    if (runtime == Runtime.CLUSTER && !options.equals(DistillationOptions.fromConfig(root)))
      runtime = Runtime.ACTORS;
    int rounds = rounds(root);
    // Further variants are studied from one round's lessons.
    List<CurriculumVariant> studied = rounds == 1 ? curricula : curricula.subList(0, 1);
    return switch (runtime) {
      case ACTORS -> {
        Supervisor.Completed run =
            ActorRuntime.run(
                root,
                method,
                trial.checkpointedSites(),
                trial.test(),
                trial.seed(),
                rounds,
                studied,
                p -> progress.progress(p.phase(), p.done(), p.total()),
                sentLessons);
        yield of(run);
      }
      case CLUSTER -> of(onCluster(trial, root, rounds, privacy, progress));
      case REFERENCE -> {
        CooperativeDistillation.Outcome outcome =
            new CooperativeDistillation(method, sentLessons)
                .run(trial.checkpointedSites(), trial.test(), trial.seed(), progress, studied);
        yield new Round(outcome.result(), outcome.baseline(), outcome.alsoStudied(), List.of());
      }
    };
  }

  private static Round of(Supervisor.Completed run) {
    return new Round(
        run.rounds().get(0),
        List.of(),
        run.alsoStudied(),
        List.copyOf(run.rounds().subList(1, run.rounds().size())));
  }

  static int rounds(Config root) {
    int rounds = root.getInt(ROUNDS_PATH);
    if (rounds < 1)
      throw new IllegalArgumentException(ROUNDS_PATH + " must be at least 1, got " + rounds);
    return rounds;
  }

  /**
   * Joins the cluster as a coordinator and runs the trial's sites, hosted by learner nodes, under
   * {@code privacy}.
   */
  private static Supervisor.Completed onCluster(
      Trial trial, Config root, int rounds, PrivacyOptions privacy, RoundPhase.Listener progress) {
    List<String> seedNodes = root.getStringList("coopdistill.cluster.seed-nodes");
    if (seedNodes.isEmpty()) {
      throw new IllegalArgumentException(
          RUNTIME_PATH
              + " = cluster needs coopdistill.cluster.seed-nodes (--seed-nodes): "
              + "the addresses printed by `./coopdistill node`");
    }
    // The coordinator's fingerprint covers every site: each learner node must hold the same data
    // for the sites it hosts.
    Fingerprint fingerprint =
        Fingerprint.of(
            root,
            trial.seed(),
            DistillationOptions.fromConfig(root).judging(trial.sites(), trial.seed()),
            trial.test());
    try (ClusterNode coordinator =
        ClusterNode.start(
            root,
            Set.of(ClusterNode.COORDINATOR),
            root.getInt("coopdistill.cluster.port"),
            seedNodes,
            List.of(),
            null,
            fingerprint)) {
      List<String> sites = trial.sites().stream().map(p -> p.name()).toList();
      return ClusterRuntime.run(
          coordinator,
          sites,
          trial.seed(),
          rounds,
          privacy,
          p -> progress.progress(p.phase(), p.done(), p.total()));
    }
  }

  public static Runtime runtime(Config root) {
    return ConfigEnums.parse(Runtime.class, root.getString(RUNTIME_PATH), RUNTIME_PATH);
  }
}
