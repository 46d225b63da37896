package io.coopdistill.simulation.methods;

import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.learners.model.WarmStartLearner;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import java.util.Optional;

/**
 * Parameter transfer (Pan and Yang 2010) as a competitor: each student starts from the parameters
 * of its best peer's model and fine-tunes them on its own data. The best peer is the one whose
 * model is most accurate on the student's own rows (ties: the lower index): models travel, data
 * does not. Averaging the peers' parameters instead is not sound for independently trained
 * networks, whose hidden units are in arbitrary, different orders.
 *
 * <p>Only for learners that can {@linkplain WarmStartLearner warm-start} and all share one
 * architecture; otherwise N/A, as in the paper's Table 1.
 */
public final class ParameterTransfer implements Method {

  @Override
  public String name() {
    return "parameter-transfer";
  }

  @Override
  public Optional<String> notApplicable(Trial trial) {
    List<Site> sites = trial.sites();
    if (sites.size() < 2) return Optional.of("parameter transfer needs at least 2 learners");
    List<String> lacking = TrialModels.lacking(trial, WarmStartLearner.class);
    if (!lacking.isEmpty())
      return Optional.of(
          "learners that cannot start from another model's parameters: "
              + String.join(", ", lacking));
    Learner first = sites.get(0).learner();
    for (Site p : sites) {
      if (!((WarmStartLearner) first).sameArchitecture(p.learner())
          || !((WarmStartLearner) p.learner()).sameArchitecture(first)) {
        return Optional.of(
            "architectures differ: "
                + sites.get(0).name()
                + " is "
                + first
                + ", "
                + p.name()
                + " is "
                + p.learner());
      }
    }
    return Optional.empty();
  }

  @Override
  public MethodOutcome run(TrialRun run, RoundPhase.Listener progress) {
    Trial trial = run.trial();
    requireApplicable(trial);
    List<Model> baseline = run.baselineModels(progress);
    return TrialModels.retrainEach(
        trial,
        progress,
        (j, p, seed) ->
            ((WarmStartLearner) p.learner())
                .train(
                    p.data(), baseline.get(bestPeer(j, p, baseline)), seed, TrainingProgress.NONE));
  }

  /** The peer of student {@code j} whose model is most accurate on the student's own rows. */
  static int bestPeer(int j, Site student, List<Model> models) {
    int best = -1;
    double bestAccuracy = -1;
    for (int i = 0; i < models.size(); i++) {
      if (i == j) continue;
      double accuracy = Expertise.identify(models.get(i), student.data()).accuracy();
      if (accuracy > bestAccuracy) {
        bestAccuracy = accuracy;
        best = i;
      }
    }
    return best;
  }
}
