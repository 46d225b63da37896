package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A many-agent round through the actors, every message serialised: the heart disease sites cut into
 * twelve, beyond a bound of four learners, give the reference orchestrator's round exactly, with
 * one counterfactual work item per site instead of one per site and teacher.
 */
class BoundedRoundTest {
  private static final Config BOUNDED =
      ConfigFactory.parseString(
              """
      coopdistill.distillation.many-agents { all-pairs-up-to = 4, candidates = 5, teachers = 2, student-budget = 30 }
      akka.actor.serialize-messages = on
      """)
          .withFallback(HeartDiseaseRoundTest.ROOT);

  private static List<Site> sites(long seed) {
    List<Site> sites = new ArrayList<>();
    for (Dataset site : HeartDiseaseRoundTest.SITES.training()) {
      Dataset.Split halves = site.stratifiedSplit(0.5, seed);
      for (Dataset half : List.of(halves.first(), halves.second())) {
        Dataset.Split quarters = half.stratifiedSplit(0.5, seed);
        for (Dataset quarter : List.of(quarters.first(), quarters.second())) {
          sites.add(
              new Site(site.name() + "-" + sites.size(), HeartDiseaseRoundTest.TREE, quarter));
        }
      }
    }
    return sites;
  }

  @Test
  void aBoundedRoundThroughTheActorsIsTheReferenceRound() {
    long seed = 5;
    List<Supervisor.Progress> events = new CopyOnWriteArrayList<>();
    DistillationMethod method = DistillationMethod.fromConfig(BOUNDED);
    Supervisor.Completed run =
        ActorRuntime.run(
            BOUNDED, method, sites(seed), HeartDiseaseRoundTest.SITES.test(), seed, 1, events::add);
    DistillationResult expected =
        new CooperativeDistillation(method)
            .run(sites(seed), HeartDiseaseRoundTest.SITES.test(), seed, RoundPhase.Listener.NONE)
            .result();
    DistillationResult actual = run.rounds().get(0);
    assertEquals(12, actual.learners().size());
    assertTrue(actual.sameOutcome(expected), "actors:\n" + actual + "\nreference:\n" + expected);
    assertTrue(actual.counts().of(Count.GENERATED).total() > 0);
    assertTrue(
        events.contains(new Supervisor.Progress(1, RoundPhase.COUNTERFACTUALS, 12, 12)),
        "one teaching item per site: " + events);
    for (int j = 0; j < 12; j++) {
      int teachers = 0;
      for (int i = 0; i < 12; i++) if (actual.counts().of(Count.SEARCHED).get(i, j) > 0) teachers++;
      assertTrue(teachers <= 2, teachers + " teachers for student " + j);
    }
  }
}
