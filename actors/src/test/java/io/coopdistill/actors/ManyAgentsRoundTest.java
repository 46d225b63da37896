package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many agents through the actor runtime: a round of 200 tiny agents (six rows each, a
 * nearest-centroid learner) completes, every phase barrier waiting for 200 learners, or, beyond the
 * many-agent bound, for each site's own teacher.
 */
class ManyAgentsRoundTest {
  static final int AGENTS = 200;

  @Test
  @Timeout(300)
  void aRoundOfTwoHundredTinyAgentsCompletes() {
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < AGENTS; i++)
      sites.add(
          new Site(
              "agent-" + i,
              new NearestCentroid(),
              Blobs.generate("agent-" + i, 2, 6, 0.005, 7, i)));
    List<Supervisor.Progress> events = new CopyOnWriteArrayList<>();
    Supervisor.Completed run =
        ActorRuntime.run(
            ConfigFactory.load(),
            sites,
            Blobs.generate("test", 2, 30, 0.005, 7, 999),
            1,
            1,
            events::add);

    DistillationResult round = run.rounds().get(0);
    assertEquals(AGENTS, round.learners().size());
    assertTrue(
        Arrays.stream(round.distilledAccuracy()).allMatch(Double::isFinite),
        "every agent was evaluated");
    assertTrue(
        events.contains(new Supervisor.Progress(1, RoundPhase.COUNTERFACTUALS, AGENTS, AGENTS)),
        "every site's teacher taught");
  }
}
