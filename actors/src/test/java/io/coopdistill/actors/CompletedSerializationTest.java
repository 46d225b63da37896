package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.SerializationTestKit;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's answer crosses the wire with its rounds' per-pair counts intact (Jackson CBOR). */
class CompletedSerializationTest {
  @Test
  void aRoundsPairCountsSurviveSerialisation() {
    PairCounts counts =
        new PairCounts.Builder(3)
            .add(Count.DEFICIENT, 0, 2, 9)
            .add(Count.SEARCHED, 0, 2, 7)
            .add(Count.GENERATED, 0, 2, 5)
            .add(Count.KEPT, 2, 1, 4)
            .build();
    double[] accuracy = {0.5, 0.6, 0.7};
    DistillationResult round =
        new DistillationResult(
            List.of("a", "b", "c"),
            11,
            accuracy,
            accuracy,
            counts,
            Map.of(RoundPhase.COUNTERFACTUALS, 1.0),
            accuracy,
            accuracy,
            null,
            null);
    Supervisor.Completed sent = new Supervisor.Completed(List.of(round), "test", Map.of());
    Supervisor.Completed received =
        new SerializationTestKit(SupervisorTest.KIT.system()).verifySerialization(sent, false);
    DistillationResult back = received.rounds().get(0);
    assertEquals(counts, back.counts());
    assertEquals(7, back.counts().of(Count.SEARCHED).get(0, 2));
    assertTrue(back.sameOutcome(round), back.toString());
  }
}
