package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.actors.ActorRuntime;
import io.coopdistill.learners.distill.CooperativeDistillation;
import io.coopdistill.learners.distill.DistillationMethod;
import io.coopdistill.learners.distill.DistillationOptions;
import io.coopdistill.learners.distill.DistillationResult;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import java.util.Locale;

/**
 * The one place where the simulation runs a trial with cooperative distillation: on the actor
 * runtime (the default, {@code coopdistill.simulation.runtime = actors}) or on the synchronous
 * reference orchestrator ({@code reference}), which give the same result for the same seed. The
 * raw-sharing reference always runs on the orchestrator: no actor message may carry a private row.
 */
public final class CooperativeRound {
  private CooperativeRound() {}

  public static final String RUNTIME_PATH = "coopdistill.simulation.runtime";

  /**
   * @param baselineModels the baseline models when they were trained in this thread (reference
   *                       orchestrator); empty when they live in learner actors
   */
  public record Round(DistillationResult result, List<Model> baselineModels) {}

  /** One round on the trial's participants, evaluated on its test set, with the trial's seed. */
  public static Round run(Trial trial, DistillationOptions options, Config root, RoundPhase.Listener progress) {
    DistillationMethod method = DistillationMethod.fromConfig(root).with(options);
    if (onActors(root) && options.transfer() == DistillationOptions.Transfer.COUNTERFACTUALS) {
      List<DistillationResult> rounds = ActorRuntime.run(root, method, trial.participants(), trial.test(), trial.seed(), 1, progress);
      return new Round(rounds.get(0), List.of());
    }
    CooperativeDistillation.Outcome outcome = new CooperativeDistillation(method)
        .run(trial.participants(), trial.test(), trial.seed(), progress);
    return new Round(outcome.result(), outcome.baseline());
  }

  private static boolean onActors(Config root) {
    String runtime = root.getString(RUNTIME_PATH).toLowerCase(Locale.ROOT);
    return switch (runtime) {
      case "actors" -> true;
      case "reference" -> false;
      default -> throw new IllegalArgumentException(RUNTIME_PATH + " must be actors or reference, got '" + runtime + "'");
    };
  }
}
