package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.Acceptance;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code accept = if-better} on experiment 3's trees: the actor runtime's students make the
 * reference orchestrator's decisions, on held-out splits and on rows each sets aside itself.
 */
class AcceptanceAgreementTest {
  private static final DistillationMethod METHOD;

  static {
    DistillationMethod configured = DistillationMethod.fromConfig(HeartDiseaseRoundTest.ROOT);
    METHOD = configured.with(configured.options().withAccept(Acceptance.IF_BETTER));
  }

  private static void agree(List<Site> sites, long seed) {
    DistillationResult expected =
        new CooperativeDistillation(METHOD)
            .run(sites, HeartDiseaseRoundTest.SITES.test(), seed, RoundPhase.Listener.NONE)
            .result();
    DistillationResult actual =
        ActorRuntime.run(
                HeartDiseaseRoundTest.SERIALIZING,
                METHOD,
                sites,
                HeartDiseaseRoundTest.SITES.test(),
                seed,
                1,
                List.of(METHOD.curriculum()),
                p -> {},
                LessonSink.NONE)
            .rounds()
            .get(0);
    assertNotNull(expected.accepted(), "if-better judges every student");
    assertTrue(
        actual.sameOutcome(expected),
        "actors:\n"
            + actual
            + " "
            + java.util.Arrays.toString(actual.accepted())
            + "\nreference:\n"
            + expected
            + " "
            + java.util.Arrays.toString(expected.accepted()));
  }

  @Test
  void bothRuntimesKeepTheSameModelsOnHeldOutSplits() {
    long seed = 0;
    List<Site> sites = HeartDiseaseRoundTest.sites(seed);
    agree(sites, seed);
    boolean[] accepted =
        new CooperativeDistillation(METHOD)
            .run(sites, HeartDiseaseRoundTest.SITES.test(), seed, RoundPhase.Listener.NONE)
            .result()
            .accepted();
    boolean refused = false;
    for (boolean a : accepted) refused |= !a;
    assertTrue(refused, "exp. 3's seed 0 has a refused lesson, so the test checks a refusal");
  }

  @Test
  void bothRuntimesSetTheSameRowsAsideWhereASiteHasNoHeldOutSplit() {
    long seed = 1;
    agree(
        HeartDiseaseRoundTest.sites(seed).stream()
            .map(s -> new Site(s.name(), s.learner(), s.data()))
            .toList(),
        seed);
  }
}
