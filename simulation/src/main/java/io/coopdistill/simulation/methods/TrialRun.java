package io.coopdistill.simulation.methods;

import com.typesafe.config.Config;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.SentLessons;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Model;
import io.coopdistill.simulation.scenario.Trial;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One seed's trial as the run's methods see it, with what they share, each computed once, when
 * first asked for: the baseline and the cooperative rounds. A round is searched once for all the
 * methods that differ only in their curriculum (with or without set cover): its students study the
 * lessons under each of their variants. Every round trains its baseline with the same derived
 * seeds, so a round's baseline is the trial's. Made per seed and dropped with it; not thread-safe
 * (units run one at a time).
 */
public final class TrialRun {

  /**
   * @param accuracy test accuracy per learner
   * @param balancedAccuracy balanced test accuracy per learner (NaN where a checkpoint did not
   *     record it)
   * @param models the baseline models, when trained in this process; else empty
   */
  public record Baseline(double[] accuracy, double[] balancedAccuracy, List<Model> models) {
    public Baseline {
      accuracy = accuracy.clone();
      balancedAccuracy = balancedAccuracy.clone();
      models = List.copyOf(models);
    }
  }

  /**
   * A cooperative method's round: the first round's result, later rounds, and the lessons its sites
   * sent.
   */
  record Studied(
      DistillationResult first,
      List<DistillationResult> laterRounds,
      List<SentLessons.Sent> sentLessons) {}

  private final Trial trial;
  private final Config root;
  private final List<EngineMethod.Round> planned;
  private final Map<EngineMethod.Round, Studied> studied = new HashMap<>();
  private Baseline baseline;

  private TrialRun(Trial trial, Config root, List<EngineMethod.Round> planned, Baseline baseline) {
    this.trial = trial;
    this.root = root;
    this.planned = planned;
    this.baseline = baseline;
  }

  /**
   * The trial as {@code methods} share it.
   *
   * @param known a baseline found earlier (a checkpointed round's), or null
   */
  public static TrialRun of(Trial trial, Config root, List<Method> methods, Baseline known) {
    List<EngineMethod.Round> planned =
        methods.stream()
            .flatMap(m -> m instanceof EngineMethod e ? Stream.of(e.round()) : Stream.empty())
            .toList();
    return new TrialRun(trial, root, planned, known);
  }

  /** The trial as {@code methods} share it, nothing known yet. */
  public static TrialRun of(Trial trial, Config root, List<Method> methods) {
    return of(trial, root, methods, null);
  }

  public Trial trial() {
    return trial;
  }

  /**
   * The baseline's accuracy: a round's, if one was made, or a checkpointed one, else trained now.
   */
  public Baseline baseline(RoundPhase.Listener progress) {
    return baseline != null ? baseline : train(progress);
  }

  /** The baseline models: those trained in this process if any, else trained now. */
  public List<Model> baselineModels(RoundPhase.Listener progress) {
    return baseline != null && !baseline.models().isEmpty()
        ? baseline.models()
        : train(progress).models();
  }

  /**
   * Trains every learner on its own data, with the seeds a cooperative round uses for its baseline.
   */
  private Baseline train(RoundPhase.Listener progress) {
    List<Site> sites = trial.checkpointedSites();
    List<Model> models =
        TrialModels.forEachLearner(
            sites.size(),
            RoundPhase.BASELINE_TRAINING,
            progress,
            i ->
                sites
                    .get(i)
                    .learner()
                    .train(sites.get(i).data(), TrialModels.trainingSeed(trial, i)));
    MethodOutcome scores = TrialModels.evaluate(trial, models, progress);
    baseline = new Baseline(scores.accuracy(), scores.balancedAccuracy(), models);
    return baseline;
  }

  /**
   * {@code round}, searched now unless a round of the same search was made before: then its
   * students studied this round's curriculum too (where the runtime can, see {@link
   * CooperativeRound}).
   */
  Studied cooperative(EngineMethod.Round round, RoundPhase.Listener progress) {
    Studied known = studied.get(round);
    if (known != null) return known;
    List<CurriculumVariant> curricula =
        Stream.concat(Stream.of(round), planned.stream().filter(r -> r.sameSearch(round)))
            .map(EngineMethod.Round::curriculum)
            .distinct()
            .toList();
    SentLessons sent = new SentLessons();
    CooperativeRound.Round made =
        CooperativeRound.run(
            trial, round.options(), round.privacy(), root, curricula, progress, sent);
    Studied mine = new Studied(made.result(), made.laterRounds(), sent.inOrder());
    studied.put(round, mine);
    made.alsoStudied()
        .forEach(
            (curriculum, result) ->
                studied.put(
                    round.studying(curriculum),
                    new Studied(result, List.of(), mine.sentLessons())));
    if (baseline == null || baseline.models().isEmpty() && !made.baselineModels().isEmpty()) {
      baseline =
          new Baseline(
              made.result().baselineAccuracy(),
              made.result().baselineBalancedAccuracy(),
              made.baselineModels());
    }
    return mine;
  }

  /** The baseline a checkpointed round found, if any of {@code rounds} is one. */
  public static Optional<Baseline> checkpointed(Stream<DistillationResult> rounds) {
    return rounds
        .findFirst()
        .map(r -> new Baseline(r.baselineAccuracy(), r.baselineBalancedAccuracy(), List.of()));
  }
}
