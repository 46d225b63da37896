package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.SentLessons;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each learner actor reports the lessons its site sends: exactly the reference orchestrator's,
 * instance for instance.
 */
class SentLessonsRecordTest {

  @Test
  void theSitesReportTheLessonsTheReferenceRoundSends() {
    long seed = 7;
    DistillationMethod method = DistillationMethod.fromConfig(HeartDiseaseRoundTest.ROOT);
    SentLessons reference = new SentLessons();
    DistillationResult expected =
        new CooperativeDistillation(method, reference)
            .run(
                HeartDiseaseRoundTest.sites(seed),
                HeartDiseaseRoundTest.SITES.test(),
                seed,
                RoundPhase.Listener.NONE)
            .result();
    SentLessons actors = new SentLessons();
    ActorRuntime.run(
        HeartDiseaseRoundTest.SERIALIZING,
        method,
        HeartDiseaseRoundTest.sites(seed),
        HeartDiseaseRoundTest.SITES.test(),
        seed,
        1,
        List.of(method.curriculum()),
        p -> {},
        actors);

    assertTrue(reference.instances() > 0);
    assertEquals(
        expected.counts().of(Count.GENERATED).total(),
        reference.instances(),
        "every sent instance is reported");
    List<SentLessons.Sent> want = reference.inOrder();
    List<SentLessons.Sent> got = actors.inOrder();
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      Lesson a = want.get(i).lesson();
      Lesson b = got.get(i).lesson();
      String which = "lesson " + a.site() + ":" + a.teacher() + "->" + a.student();
      assertEquals(
          List.of(1, a.site(), a.teacher(), a.student()),
          List.of(got.get(i).round(), b.site(), b.teacher(), b.student()),
          which);
      assertArrayEquals(a.labels(), b.labels(), which);
      assertArrayEquals(a.features(), b.features(), which);
    }
  }
}
