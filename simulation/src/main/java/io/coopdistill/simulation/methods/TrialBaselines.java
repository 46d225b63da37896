package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.CooperativeDistillation.Participant;
import io.coopdistill.learners.distill.RoundPhase;
import io.coopdistill.learners.distill.Seeds;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline of each trial, as the first cooperative round (or checkpoint) of that seed found it,
 * so that the baseline method need not train the same models again: every round trains its baseline
 * with the same derived seeds, so all rounds of a trial share it.
 */
public final class TrialBaselines {

  /**
   * @param accuracy         test accuracy per learner
   * @param balancedAccuracy balanced test accuracy per learner (NaN where a checkpoint did not record it)
   * @param models           the baseline models, when trained in this process; else empty
   */
  public record Baseline(double[] accuracy, double[] balancedAccuracy, List<Model> models) {}

  private final Map<Long, Baseline> bySeed = new ConcurrentHashMap<>();

  public void record(long seed, double[] accuracy, double[] balancedAccuracy, List<Model> models) {
    bySeed.merge(seed, new Baseline(accuracy.clone(), balancedAccuracy.clone(), List.copyOf(models)),
        (old, fresh) -> old.models().isEmpty() ? fresh : old);
  }

  public Optional<Baseline> of(long seed) {
    return Optional.ofNullable(bySeed.get(seed));
  }

  /** The trial's baseline models: the recorded ones if they were trained in this process, else trained now. */
  public List<Model> models(Trial trial, RoundPhase.Listener progress) {
    return of(trial.seed()).filter(b -> !b.models().isEmpty()).orElseGet(() -> train(trial, progress)).models();
  }

  /**
   * The seed learner {@code i} trains with, baseline or retrained: the engine's, so that a method's
   * gain over the baseline is not blurred by a different initialisation.
   */
  public static long trainingSeed(Trial trial, int i) {
    return Seeds.derive(trial.seed(), Seeds.Phase.TRAINING, i);
  }

  /**
   * Trains the trial's baseline (each learner on its own data, with the seeds a cooperative round
   * uses for it), records it and returns it.
   */
  public Baseline train(Trial trial, RoundPhase.Listener progress) {
    List<Participant> participants = trial.checkpointedParticipants();
    List<Model> models = TrialModels.forEachLearner(participants.size(), RoundPhase.BASELINE_TRAINING, progress,
        i -> participants.get(i).learner().train(participants.get(i).data(), trainingSeed(trial, i)));
    MethodOutcome scores = TrialModels.evaluate(trial, models, progress);
    record(trial.seed(), scores.accuracy(), scores.balancedAccuracy(), models);
    return new Baseline(scores.accuracy(), scores.balancedAccuracy(), models);
  }
}
