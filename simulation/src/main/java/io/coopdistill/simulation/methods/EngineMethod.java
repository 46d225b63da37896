package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.DistillationOptions;
import io.coopdistill.learners.distill.DistillationResult;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.privacy.PrivacyOptions;
import io.coopdistill.simulation.scenario.Trial;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Cooperative distillation and its ablations: a round (or {@code coopdistill.simulation.rounds}) with
 * the configured distillation options, adjusted by the variant (set cover off, unfocused, raw
 * sharing); its accuracy is the last round's retrained models'.
 */
final class EngineMethod implements Method {

  /** Whether this method's round also gives, or takes, the variant without set cover. */
  enum Sharing { NONE, PROVIDES_WITHOUT_SET_COVER, REUSES_WITHOUT_SET_COVER }

  /** Rounds without set cover studied alongside a cooperative round, by seed, until taken. */
  static final class Variants {
    private final Map<Long, DistillationResult> bySeed = new ConcurrentHashMap<>();

    void record(long seed, DistillationResult round) {
      bySeed.put(seed, round);
    }

    Optional<DistillationResult> take(long seed) {
      return Optional.ofNullable(bySeed.remove(seed));
    }
  }

  private final String name;
  private final DistillationOptions options;
  private final Config root;
  private final TrialBaselines baselines;
  private final Sharing sharing;
  private final PrivacyOptions.Guard guard;
  private final Variants withoutSetCover;

  EngineMethod(String name, UnaryOperator<DistillationOptions> variant, MethodRegistry.Context context, Sharing sharing) {
    this(name, variant, null, context, sharing);
  }

  /** @param guard the privacy guard the round searches under, instead of the configured one; null: the configured one */
  EngineMethod(String name, UnaryOperator<DistillationOptions> variant, PrivacyOptions.Guard guard, MethodRegistry.Context context,
               Sharing sharing) {
    this.name = name;
    this.guard = guard;
    this.options = variant.apply(DistillationOptions.fromConfig(context.root()));
    this.root = context.root();
    this.baselines = context.baselines();
    this.sharing = sharing;
    this.withoutSetCover = context.withoutSetCover();
    CooperativeRound.rounds(root); // a bad count of rounds fails when the plan is made, before any work
  }

  @Override public String name() { return name; }

  @Override public Optional<String> notApplicable(Trial trial) {
    return trial.participants().size() < 2 ? Optional.of("needs at least two learners") : Optional.empty();
  }

  @Override public MethodOutcome run(Trial trial, RoundPhase.Listener progress) {
    if (sharing == Sharing.REUSES_WITHOUT_SET_COVER) {
      Optional<DistillationResult> studied = withoutSetCover.take(trial.seed());
      if (studied.isPresent()) return distilled(studied.get());
    }
    CooperativeRound.Round round = CooperativeRound.run(trial, options, guard, root, sharing == Sharing.PROVIDES_WITHOUT_SET_COVER, progress);
    baselines.record(trial.seed(), round.result().baselineAccuracy(), round.result().baselineBalancedAccuracy(), round.baselineModels());
    if (round.withoutSetCover() != null) withoutSetCover.record(trial.seed(), round.withoutSetCover());
    if (round.laterRounds().isEmpty()) return distilled(round.result());
    DistillationResult last = round.laterRounds().get(round.laterRounds().size() - 1);
    return new MethodOutcome(last.distilledAccuracy(), last.distilledBalancedAccuracy(), round.result(), round.laterRounds());
  }

  private static MethodOutcome distilled(DistillationResult round) {
    return new MethodOutcome(round.distilledAccuracy(), round.distilledBalancedAccuracy(), round);
  }
}
