package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.round.DistillationOptions;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Cooperative distillation and its ablations: a round (or {@code coopdistill.simulation.rounds})
 * with the configured distillation options, adjusted by the variant (set cover off, unfocused, raw
 * sharing, another privacy guard); its accuracy is the last round's retrained models'. The round
 * comes from the {@link TrialRun}, which searches once for the methods that differ only in their
 * curriculum.
 */
final class EngineMethod implements Method {

  /**
   * What the method asks of a trial: a round with {@code options}, its searches and audits under
   * {@code privacy}, both resolved when the plan is made.
   */
  record Round(DistillationOptions options, PrivacyOptions privacy) {
    Round {
      Objects.requireNonNull(options, "options");
      Objects.requireNonNull(privacy, "privacy");
    }

    CurriculumVariant curriculum() {
      return options.curriculum();
    }

    /**
     * Whether the two rounds search the same counterfactuals (they may differ in their curriculum).
     */
    boolean sameSearch(Round other) {
      return privacy.equals(other.privacy)
          && options.withSetCover(true).equals(other.options.withSetCover(true));
    }

    /** The same search, its students studying {@code curriculum}. */
    Round studying(CurriculumVariant curriculum) {
      return new Round(
          options.withSetCover(curriculum == CurriculumVariant.WITH_SET_COVER), privacy);
    }
  }

  private final String name;
  private final Round round;

  /** A variant of the configured distillation options, under the configured privacy options. */
  EngineMethod(String name, UnaryOperator<DistillationOptions> variant, Config root) {
    this(name, variant, UnaryOperator.identity(), root);
  }

  /**
   * @param privacy what the method changes in the configured privacy options (e.g. the paper's
   *     unguarded search)
   */
  EngineMethod(
      String name,
      UnaryOperator<DistillationOptions> variant,
      UnaryOperator<PrivacyOptions> privacy,
      Config root) {
    this.name = name;
    this.round =
        new Round(
            variant.apply(DistillationOptions.fromConfig(root)),
            privacy.apply(PrivacyOptions.fromConfig(root)));
    CooperativeRound.rounds(
        root); // a bad count of rounds fails when the plan is made, before any work
  }

  @Override
  public String name() {
    return name;
  }

  Round round() {
    return round;
  }

  @Override
  public Optional<String> notApplicable(Trial trial) {
    return trial.sites().size() < 2 ? Optional.of("needs at least two learners") : Optional.empty();
  }

  @Override
  public MethodOutcome run(TrialRun trial, RoundPhase.Listener progress) {
    TrialRun.Studied studied = trial.cooperative(round, progress);
    List<DistillationResult> later = studied.laterRounds();
    DistillationResult last = later.isEmpty() ? studied.first() : later.get(later.size() - 1);
    return new MethodOutcome(
        last.distilledAccuracy(),
        last.distilledBalancedAccuracy(),
        studied.first(),
        later,
        studied.sentLessons());
  }
}
