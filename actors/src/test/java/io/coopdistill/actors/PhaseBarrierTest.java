package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.distill.round.TeachingPlan;
import io.coopdistill.learners.model.ModelSnapshot;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * One phase's barrier against scripted learners (test probes): retries, liveness and the timeout,
 * late and repeated answers.
 */
class PhaseBarrierTest {
  static final ActorTestKit KIT = ActorTestKit.create("PhaseBarrierTest", SupervisorTest.CONFIG);
  static final ModelSnapshot SNAPSHOT = SupervisorTest.SNAPSHOT;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  record Barrier(
      ActorRef<PhaseBarrier.Command> ref,
      List<TestProbe<LearnerProtocol.Command>> learners,
      TestProbe<PhaseBarrier.Report> reports,
      TestProbe<Supervisor.Progress> progress) {}

  static Barrier start(RoundPhase phase) {
    List<TestProbe<LearnerProtocol.Command>> learners =
        List.of(KIT.createTestProbe(), KIT.createTestProbe());
    List<ActorRef<LearnerProtocol.Command>> refs =
        learners.stream().map(TestProbe::getRef).toList();
    TestProbe<PhaseBarrier.Report> reports = KIT.createTestProbe();
    TestProbe<Supervisor.Progress> progress = KIT.createTestProbe();
    PhaseBarrier.Phase work =
        new PhaseBarrier.Phase(
            7,
            1,
            phase,
            TeachingPlan.allPairs(2),
            TeacherChoice.EVERY_PAIR,
            WorkItem.all(phase, TeachingPlan.allPairs(2), Set.of()),
            (items, replyTo) ->
                switch (phase) {
                  case BASELINE_TRAINING ->
                      new LearnerProtocol.Train(1, 3, SupervisorTest.PRIVACY, replyTo);
                  case COUNTERFACTUALS ->
                      new LearnerProtocol.Teach(
                          1,
                          5,
                          items.stream().map(WorkItem::teacher).toList(),
                          Arrays.asList(null, null),
                          TeacherChoice.EVERY_PAIR,
                          refs,
                          replyTo);
                  default -> throw new IllegalArgumentException(phase.name());
                });
    ActorRef<PhaseBarrier.Command> ref =
        KIT.spawn(
            PhaseBarrier.create(
                work,
                refs,
                List.of("alpha", "beta"),
                SupervisorTest.OPTIONS,
                List.of(progress.getRef()),
                reports.getRef()));
    return new Barrier(ref, learners, reports, progress);
  }

  static ActorRef<LearnerProtocol.Reply> trainOf(TestProbe<LearnerProtocol.Command> learner) {
    return learner.expectMessageClass(LearnerProtocol.Train.class).replyTo();
  }

  @Test
  void aFailedStepGetsTheSameCommandAgainAndItsAnswerCompletesThePhase() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerProtocol.Reply> alpha = trainOf(b.learners().get(0));
    ActorRef<LearnerProtocol.Reply> beta = trainOf(b.learners().get(1));
    assertEquals(
        new Supervisor.Progress(1, RoundPhase.BASELINE_TRAINING, 0, 2),
        b.progress().receiveMessage());
    alpha.tell(
        new LearnerProtocol.Failed(
            1, 0, RoundPhase.BASELINE_TRAINING, "learner alpha failed: boom"));
    LearnerProtocol.Train again =
        b.learners().get(0).expectMessageClass(LearnerProtocol.Train.class);
    assertEquals(List.of(1, 3L), List.of(again.round(), again.seed()));
    again.replyTo().tell(new LearnerProtocol.Trained(1, 0, SNAPSHOT, null));
    assertEquals(0, assertInstanceOf(LearnerProtocol.Trained.class, accepted(b)).learner());
    beta.tell(new LearnerProtocol.Trained(1, 1, SNAPSHOT, null));
    assertEquals(1, assertInstanceOf(LearnerProtocol.Trained.class, accepted(b)).learner());
    assertEquals(
        7, assertInstanceOf(PhaseBarrier.Done.class, b.reports().receiveMessage()).barrier());
    assertEquals(
        List.of(1, 2),
        List.of(b.progress().receiveMessage().done(), b.progress().receiveMessage().done()));
    b.learners().get(1).expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSecondFailureOfTheSameItemFailsThePhaseAfterTheRetries() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerProtocol.Reply> alpha = trainOf(b.learners().get(0));
    alpha.tell(new LearnerProtocol.Failed(1, 0, RoundPhase.BASELINE_TRAINING, "boom"));
    trainOf(b.learners().get(0))
        .tell(new LearnerProtocol.Failed(1, 0, RoundPhase.BASELINE_TRAINING, "boom again"));
    assertEquals(
        "boom again (gave up after 1 retry)",
        assertInstanceOf(PhaseBarrier.Failed.class, b.reports().receiveMessage()).error());
  }

  @Test
  void aPhaseWithoutEveryAnswerTimesOutNamingTheSilentLearner() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    trainOf(b.learners().get(0)).tell(new LearnerProtocol.Trained(1, 0, SNAPSHOT, null));
    trainOf(b.learners().get(1));
    accepted(b);
    PhaseBarrier.Failed failed =
        assertInstanceOf(
            PhaseBarrier.Failed.class, b.reports().receiveMessage(Duration.ofSeconds(3)));
    assertEquals(
        "no answer to BASELINE_TRAINING in round 1 within 1.0 s from learner beta", failed.error());
  }

  @Test
  void repeatedAndLateAnswersAreIgnoredAlsoAfterThePhaseEnded() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerProtocol.Reply> alpha = trainOf(b.learners().get(0));
    ActorRef<LearnerProtocol.Reply> beta = trainOf(b.learners().get(1));
    alpha.tell(new LearnerProtocol.Trained(1, 0, SNAPSHOT, null));
    accepted(b);
    alpha.tell(new LearnerProtocol.Trained(1, 0, SNAPSHOT, null));
    alpha.tell(new LearnerProtocol.Trained(2, 1, SNAPSHOT, null));
    alpha.tell(
        new LearnerProtocol.Failed(
            1, 0, RoundPhase.BASELINE_TRAINING, "a retry the phase no longer needs"));
    beta.tell(new LearnerProtocol.Trained(1, 1, SNAPSHOT, null));
    assertEquals(1, assertInstanceOf(LearnerProtocol.Trained.class, accepted(b)).learner());
    b.reports().expectMessageClass(PhaseBarrier.Done.class);
    b.reports().expectTerminated(b.ref());

    beta.tell(new LearnerProtocol.Trained(1, 1, SNAPSHOT, null));
    beta.tell(new LearnerProtocol.Rejected(1, 1, "too late to matter"));
    b.reports().expectNoMessage(Duration.ofMillis(200));
    b.learners().get(0).expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void eachSiteGetsOneTeachAndAFailedTeacherIsRetriedAlone() {
    Barrier b = start(RoundPhase.COUNTERFACTUALS);
    LearnerProtocol.Teach site0 =
        b.learners().get(0).expectMessageClass(LearnerProtocol.Teach.class);
    LearnerProtocol.Teach site1 =
        b.learners().get(1).expectMessageClass(LearnerProtocol.Teach.class);
    assertEquals(
        List.of(List.of(0, 1), List.of(0, 1)), List.of(site0.teachers(), site1.teachers()));
    site0
        .replyTo()
        .tell(new LearnerProtocol.TeachingFailed(1, 0, 1, "IllegalStateException: no search"));
    LearnerProtocol.Teach again =
        b.learners().get(0).expectMessageClass(LearnerProtocol.Teach.class);
    assertEquals(List.of(1), again.teachers());
    site0.replyTo().tell(new LearnerProtocol.Taught(1, 0, List.of(0), List.of(report(0, 0, 1))));
    again.replyTo().tell(new LearnerProtocol.Taught(1, 0, List.of(1), List.of(report(0, 1, 0))));
    site1
        .replyTo()
        .tell(
            new LearnerProtocol.Taught(
                1, 1, List.of(0, 1), List.of(report(1, 0, 1), report(1, 1, 0))));
    // The site's report of two teachers is accepted as two items, each with its own lessons'
    // counts.
    List<LearnerProtocol.Taught> taught =
        java.util.stream.Stream.generate(() -> (LearnerProtocol.Taught) accepted(b))
            .limit(4)
            .toList();
    assertEquals(
        List.of(List.of(0), List.of(1), List.of(0), List.of(1)),
        taught.stream().map(LearnerProtocol.Taught::teachers).toList());
    assertEquals(List.of(report(1, 1, 0)), taught.get(3).reports());
    b.reports().expectMessageClass(PhaseBarrier.Done.class);
  }

  @Test
  void aLearnerAtWorkForSeveralTimeoutsIsNotTimedOut() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerProtocol.Reply> alpha = trainOf(b.learners().get(0));
    ActorRef<LearnerProtocol.Reply> beta = trainOf(b.learners().get(1));
    alpha.tell(new LearnerProtocol.Trained(1, 0, SNAPSHOT, null));
    accepted(b);
    // Beta trains for 3.5 timeouts of 1 s, saying so every 250 ms.
    for (int beat = 0; beat < 14; beat++) {
      beta.tell(new LearnerProtocol.Working(1, 1, RoundPhase.BASELINE_TRAINING));
      b.reports().expectNoMessage(Duration.ofMillis(250));
    }
    beta.tell(new LearnerProtocol.Trained(1, 1, SNAPSHOT, null));
    assertEquals(1, assertInstanceOf(LearnerProtocol.Trained.class, accepted(b)).learner());
    assertEquals(
        7, assertInstanceOf(PhaseBarrier.Done.class, b.reports().receiveMessage()).barrier());
  }

  @Test
  void aSilentLearnerIsNamedWithinTheTimeoutWhileAnotherWorks() throws Exception {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerProtocol.Reply> alpha = trainOf(b.learners().get(0));
    trainOf(b.learners().get(1));
    long start = System.nanoTime();
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try {
      beats.scheduleAtFixedRate(
          () -> alpha.tell(new LearnerProtocol.Working(1, 0, RoundPhase.BASELINE_TRAINING)),
          0,
          200,
          TimeUnit.MILLISECONDS);
      PhaseBarrier.Failed failed =
          assertInstanceOf(
              PhaseBarrier.Failed.class, b.reports().receiveMessage(Duration.ofSeconds(5)));
      assertEquals(
          "no answer to BASELINE_TRAINING in round 1 within 1.0 s from learner beta",
          failed.error());
      double seconds = (System.nanoTime() - start) / 1e9;
      assertTrue(seconds < 2.5, "named after " + seconds + " s, with a timeout of 1 s");
    } finally {
      beats.shutdownNow();
    }
  }

  @Test
  void teachersStillSearchingAreNotTimedOutButThoseOfASiteThatFallsSilentAreNamed() {
    Barrier b = start(RoundPhase.COUNTERFACTUALS);
    ActorRef<LearnerProtocol.Reply> site0 =
        b.learners().get(0).expectMessageClass(LearnerProtocol.Teach.class).replyTo();
    ActorRef<LearnerProtocol.Reply> site1 =
        b.learners().get(1).expectMessageClass(LearnerProtocol.Teach.class).replyTo();
    // Both sites' teachers search for 1.5 timeouts of 1 s, saying so every 250 ms; then site 1
    // falls silent.
    for (int beat = 0; beat < 6; beat++) {
      site0.tell(new LearnerProtocol.TeachersWorking(1, 0, List.of(0, 1)));
      site1.tell(new LearnerProtocol.TeachersWorking(1, 1, List.of(0, 1)));
      b.reports().expectNoMessage(Duration.ofMillis(250));
    }
    long silentSince = System.nanoTime();
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    try {
      beats.scheduleAtFixedRate(
          () -> site0.tell(new LearnerProtocol.TeachersWorking(1, 0, List.of(0, 1))),
          0,
          250,
          TimeUnit.MILLISECONDS);
      PhaseBarrier.Failed failed =
          assertInstanceOf(
              PhaseBarrier.Failed.class, b.reports().receiveMessage(Duration.ofSeconds(5)));
      assertEquals(
          "no answer to COUNTERFACTUALS in round 1 within 1.0 s from teacher alpha at beta, teacher beta at beta",
          failed.error());
      double seconds = (System.nanoTime() - silentSince) / 1e9;
      assertTrue(
          seconds < 2.5,
          "named " + seconds + " s after the site fell silent, with a timeout of 1 s");
    } finally {
      beats.shutdownNow();
    }
  }

  static LessonReport report(int site, int teacher, int student) {
    return new LessonReport(site, teacher, student, 2, 1, 0, 1);
  }

  static LearnerProtocol.Reply accepted(Barrier b) {
    PhaseBarrier.Accepted accepted =
        assertInstanceOf(PhaseBarrier.Accepted.class, b.reports().receiveMessage());
    assertEquals(7, accepted.barrier());
    return accepted.reply();
  }
}
