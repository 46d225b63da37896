package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.DistillationOptions;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.simulation.scenario.Trial;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Cooperative distillation and its ablations: one round with the configured distillation options,
 * adjusted by the variant (set cover off, unfocused, raw sharing); its accuracy is the retrained models'.
 */
final class EngineMethod implements Method {
  private final String name;
  private final DistillationOptions options;
  private final Config root;
  private final TrialBaselines baselines;

  EngineMethod(String name, UnaryOperator<DistillationOptions> variant, MethodRegistry.Context context) {
    this.name = name;
    this.options = variant.apply(DistillationOptions.fromConfig(context.root()));
    this.root = context.root();
    this.baselines = context.baselines();
  }

  @Override public String name() { return name; }

  @Override public Optional<String> notApplicable(Trial trial) {
    return trial.participants().size() < 2 ? Optional.of("needs at least two learners") : Optional.empty();
  }

  @Override public MethodOutcome run(Trial trial, RoundPhase.Listener progress) {
    CooperativeRound.Round round = CooperativeRound.run(trial, options, root, progress);
    baselines.record(trial.seed(), round.result().baselineAccuracy(), round.baselineModels());
    return new MethodOutcome(round.result().distilledAccuracy(), round.result());
  }
}
