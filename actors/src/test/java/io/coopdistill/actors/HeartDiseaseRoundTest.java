package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The paper's experiment 3 (three CART sites, Cleveland as the test set) through the actor system,
 * with every message serialised on the way: round 1 is exactly the reference orchestrator's round.
 */
class HeartDiseaseRoundTest {
  static final Config ROOT = ConfigFactory.load();
  static final Config SERIALIZING =
      ConfigFactory.parseString("akka.actor.serialize-messages = on").withFallback(ROOT);
  static final SiteData SITES = HeartDisease.load(ROOT);
  static final Learner TREE =
      Learners.create(ConfigFactory.parseString("type = cart, max-depth = 4"), ROOT);

  static List<Site> sites(long seed) {
    List<Site> participants = new ArrayList<>();
    for (Dataset site : SITES.training()) {
      Dataset.Split split = site.stratifiedSplit(0.2, seed);
      participants.add(new Site(site.name(), TREE, split.first(), null, split.second()));
    }
    return participants;
  }

  static DistillationResult reference(long seed) {
    return new CooperativeDistillation(DistillationMethod.fromConfig(ROOT))
        .run(sites(seed), SITES.test(), seed, RoundPhase.Listener.NONE)
        .result();
  }

  @Test
  void roundOneThroughTheActorsIsTheReferenceRound() {
    long seed = 7;
    List<Supervisor.Progress> events = new CopyOnWriteArrayList<>();
    Supervisor.Completed run =
        ActorRuntime.run(SERIALIZING, sites(seed), SITES.test(), seed, 1, events::add);
    DistillationResult expected = reference(seed);
    assertEquals(1, run.rounds().size());
    DistillationResult actual = run.rounds().get(0);
    assertTrue(actual.sameOutcome(expected), "actors:\n" + actual + "\nreference:\n" + expected);
    assertTrue(actual.counts().of(Count.GENERATED).total() > 0);
    // The privacy audit, made at each site, agrees figure for figure (sameOutcome compares it too).
    assertEquals(expected.privacy(), actual.privacy());
    assertEquals(3, actual.privacy().sites().size());
    assertEquals(actual.counts().of(Count.GENERATED).total(), actual.privacy().pooled().sent());
    for (RoundPhase phase : RoundPhase.values()) {
      int total = phase == RoundPhase.COUNTERFACTUALS ? 9 : 3;
      assertTrue(
          events.contains(new Supervisor.Progress(1, phase, 0, total)),
          "no starting progress event for " + phase + ": " + events);
      assertTrue(
          events.contains(new Supervisor.Progress(1, phase, total, total)),
          "no final progress event for " + phase + ": " + events);
      assertTrue(actual.phaseSeconds().containsKey(phase), "no timing for " + phase);
    }
  }

  @Test
  void laterRoundsStartFromTheRetrainedModelsAndStopByTheRule() {
    long seed = 3;
    List<Site> sites = new ArrayList<>();
    for (Dataset site : SITES.training()) {
      Dataset.Split split = site.stratifiedSplit(0.2, seed);
      sites.add(new Site(site.name(), TREE, split.first(), split.second(), null));
    }
    Supervisor.Completed run = ActorRuntime.run(ROOT, sites, SITES.test(), seed, 3, p -> {});
    assertTrue(run.rounds().size() >= 1 && run.rounds().size() <= 3, run.stopReason());
    DistillationResult first = run.rounds().get(0);
    assertEquals(seed, first.seed());
    for (int r = 1; r < run.rounds().size(); r++) {
      DistillationResult previous = run.rounds().get(r - 1);
      DistillationResult round = run.rounds().get(r);
      assertTrue(round.seed() != seed, "round " + (r + 1) + " draws its own seed");
      assertEquals(
          previous.distilledAccuracy()[0],
          round.baselineAccuracy()[0],
          "round " + (r + 1) + " starts from the retrained models");
      assertTrue(
          !round.phaseSeconds().containsKey(RoundPhase.BASELINE_TRAINING),
          "no baseline training after round 1");
    }
    if (run.rounds().size() < 3)
      assertTrue(run.stopReason().startsWith("no learner improved"), run.stopReason());
    else assertTrue(run.stopReason().startsWith("reached the maximum"), run.stopReason());
  }

  @Test
  void theVariantWithoutSetCoverStudiesTheSameLessonsAndIsTheReferenceRoundWithoutSetCover() {
    long seed = 5;
    DistillationMethod method = DistillationMethod.fromConfig(ROOT);
    Supervisor.Completed run =
        ActorRuntime.run(
            SERIALIZING,
            method,
            sites(seed),
            SITES.test(),
            seed,
            1,
            List.of(method.curriculum(), CurriculumVariant.WITHOUT_SET_COVER),
            p -> {},
            LessonSink.NONE);
    DistillationResult withSetCover = run.rounds().get(0);
    DistillationResult without = run.alsoStudied().get(CurriculumVariant.WITHOUT_SET_COVER);
    assertTrue(withSetCover.sameOutcome(reference(seed)), "the round itself is unchanged");
    DistillationResult expected =
        new CooperativeDistillation(method.with(method.options().withSetCover(false)))
            .run(sites(seed), SITES.test(), seed, RoundPhase.Listener.NONE)
            .result();
    assertTrue(without.sameOutcome(expected), "actors:\n" + without + "\nreference:\n" + expected);
    assertTrue(
        withSetCover.counts().of(Count.KEPT).total() < without.counts().of(Count.KEPT).total(),
        "set cover removed instances");
    assertEquals(
        withSetCover.phaseSeconds().get(RoundPhase.COUNTERFACTUALS),
        without.phaseSeconds().get(RoundPhase.COUNTERFACTUALS),
        "the counterfactuals were searched once");

    Supervisor.Completed plain =
        ActorRuntime.run(ROOT, sites(seed), SITES.test(), seed, 1, p -> {});
    assertEquals(null, plain.alsoStudied().get(CurriculumVariant.WITHOUT_SET_COVER));
    ActorRuntime.DistillationFailedException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ActorRuntime.DistillationFailedException.class,
            () ->
                ActorRuntime.run(
                    ROOT,
                    method,
                    sites(seed),
                    SITES.test(),
                    seed,
                    2,
                    List.of(method.curriculum(), CurriculumVariant.WITHOUT_SET_COVER),
                    p -> {},
                    LessonSink.NONE));
    assertTrue(refused.getMessage().contains("one round's lessons"), refused.getMessage());
  }
}
