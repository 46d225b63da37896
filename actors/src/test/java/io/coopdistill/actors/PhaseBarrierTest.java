package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import io.coopdistill.actors.PhaseBarrier.WorkItem;
import io.coopdistill.learners.distill.curriculum.LessonReport;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.ModelSnapshot;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One phase's barrier against scripted learners (test probes): retries, the timeout, late and repeated answers. */
class PhaseBarrierTest {
  static final ActorTestKit KIT = ActorTestKit.create("PhaseBarrierTest", SupervisorTest.CONFIG);
  static final ModelSnapshot SNAPSHOT = SupervisorTest.SNAPSHOT;

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  record Barrier(ActorRef<Object> ref, List<TestProbe<LearnerActor.Command>> learners, TestProbe<PhaseBarrier.Report> reports,
                 TestProbe<Supervisor.Progress> progress) {}

  static Barrier start(RoundPhase phase) {
    List<TestProbe<LearnerActor.Command>> learners = List.of(KIT.createTestProbe(), KIT.createTestProbe());
    List<ActorRef<LearnerActor.Command>> refs = learners.stream().map(TestProbe::getRef).toList();
    TestProbe<PhaseBarrier.Report> reports = KIT.createTestProbe();
    TestProbe<Supervisor.Progress> progress = KIT.createTestProbe();
    PhaseBarrier.Phase work = new PhaseBarrier.Phase(7, 1, phase, WorkItem.all(phase, 2, Set.of()), (items, replyTo) -> switch (phase) {
      case BASELINE_TRAINING -> new LearnerActor.Train(1, 3, replyTo);
      case COUNTERFACTUALS -> new LearnerActor.Teach(1, 5, items.stream().map(WorkItem::teacher).toList(), Arrays.asList(null, null), refs, replyTo);
      default -> throw new IllegalArgumentException(phase.name());
    });
    ActorRef<Object> ref = KIT.spawn(PhaseBarrier.create(work, refs, List.of("alpha", "beta"), SupervisorTest.OPTIONS, List.of(progress.getRef()),
        reports.getRef()));
    return new Barrier(ref, learners, reports, progress);
  }

  static ActorRef<LearnerActor.Reply> trainOf(TestProbe<LearnerActor.Command> learner) {
    return learner.expectMessageClass(LearnerActor.Train.class).replyTo();
  }

  @Test
  void aFailedStepGetsTheSameCommandAgainAndItsAnswerCompletesThePhase() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerActor.Reply> alpha = trainOf(b.learners().get(0));
    ActorRef<LearnerActor.Reply> beta = trainOf(b.learners().get(1));
    assertEquals(new Supervisor.Progress(1, RoundPhase.BASELINE_TRAINING, 0, 2), b.progress().receiveMessage());
    alpha.tell(new LearnerActor.Failed(1, 0, RoundPhase.BASELINE_TRAINING, "learner alpha failed: boom"));
    LearnerActor.Train again = b.learners().get(0).expectMessageClass(LearnerActor.Train.class);
    assertEquals(List.of(1, 3L), List.of(again.round(), again.seed()));
    again.replyTo().tell(new LearnerActor.Trained(1, 0, SNAPSHOT, null));
    assertEquals(0, assertInstanceOf(LearnerActor.Trained.class, accepted(b)).learner());
    beta.tell(new LearnerActor.Trained(1, 1, SNAPSHOT, null));
    assertEquals(1, assertInstanceOf(LearnerActor.Trained.class, accepted(b)).learner());
    assertEquals(7, assertInstanceOf(PhaseBarrier.Done.class, b.reports().receiveMessage()).barrier());
    assertEquals(List.of(1, 2), List.of(b.progress().receiveMessage().done(), b.progress().receiveMessage().done()));
    b.learners().get(1).expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aSecondFailureOfTheSameItemFailsThePhaseAfterTheRetries() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerActor.Reply> alpha = trainOf(b.learners().get(0));
    alpha.tell(new LearnerActor.Failed(1, 0, RoundPhase.BASELINE_TRAINING, "boom"));
    trainOf(b.learners().get(0)).tell(new LearnerActor.Failed(1, 0, RoundPhase.BASELINE_TRAINING, "boom again"));
    assertEquals("boom again (gave up after 1 retry)", assertInstanceOf(PhaseBarrier.Failed.class, b.reports().receiveMessage()).error());
  }

  @Test
  void aPhaseWithoutEveryAnswerTimesOutNamingTheSilentLearner() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    trainOf(b.learners().get(0)).tell(new LearnerActor.Trained(1, 0, SNAPSHOT, null));
    trainOf(b.learners().get(1));
    accepted(b);
    PhaseBarrier.Failed failed = assertInstanceOf(PhaseBarrier.Failed.class, b.reports().receiveMessage(Duration.ofSeconds(3)));
    assertEquals("no answer to BASELINE_TRAINING in round 1 within 1.0 s from learner beta", failed.error());
  }

  @Test
  void repeatedAndLateAnswersAreIgnoredAlsoAfterThePhaseEnded() {
    Barrier b = start(RoundPhase.BASELINE_TRAINING);
    ActorRef<LearnerActor.Reply> alpha = trainOf(b.learners().get(0));
    ActorRef<LearnerActor.Reply> beta = trainOf(b.learners().get(1));
    alpha.tell(new LearnerActor.Trained(1, 0, SNAPSHOT, null));
    accepted(b);
    alpha.tell(new LearnerActor.Trained(1, 0, SNAPSHOT, null));
    alpha.tell(new LearnerActor.Trained(2, 1, SNAPSHOT, null));
    alpha.tell(new LearnerActor.Failed(1, 0, RoundPhase.BASELINE_TRAINING, "a retry the phase no longer needs"));
    beta.tell(new LearnerActor.Trained(1, 1, SNAPSHOT, null));
    assertEquals(1, assertInstanceOf(LearnerActor.Trained.class, accepted(b)).learner());
    b.reports().expectMessageClass(PhaseBarrier.Done.class);
    b.reports().expectTerminated(b.ref());

    beta.tell(new LearnerActor.Trained(1, 1, SNAPSHOT, null));
    beta.tell(new LearnerActor.Rejected(1, 1, "too late to matter"));
    b.reports().expectNoMessage(Duration.ofMillis(200));
    b.learners().get(0).expectNoMessage(Duration.ofMillis(50));
  }

  @Test
  void eachSiteGetsOneTeachAndAFailedTeacherIsRetriedAlone() {
    Barrier b = start(RoundPhase.COUNTERFACTUALS);
    LearnerActor.Teach site0 = b.learners().get(0).expectMessageClass(LearnerActor.Teach.class);
    LearnerActor.Teach site1 = b.learners().get(1).expectMessageClass(LearnerActor.Teach.class);
    assertEquals(List.of(List.of(0, 1), List.of(0, 1)), List.of(site0.teachers(), site1.teachers()));
    site0.replyTo().tell(new LearnerActor.TeachingFailed(1, 0, 1, "IllegalStateException: no search"));
    LearnerActor.Teach again = b.learners().get(0).expectMessageClass(LearnerActor.Teach.class);
    assertEquals(List.of(1), again.teachers());
    site0.replyTo().tell(new LearnerActor.Taught(1, 0, List.of(0), List.of(report(0, 0, 1))));
    again.replyTo().tell(new LearnerActor.Taught(1, 0, List.of(1), List.of(report(0, 1, 0))));
    site1.replyTo().tell(new LearnerActor.Taught(1, 1, List.of(0, 1), List.of(report(1, 0, 1), report(1, 1, 0))));
    // The site's report of two teachers is accepted as two items, each with its own lessons' counts.
    List<LearnerActor.Taught> taught = java.util.stream.Stream.generate(() -> (LearnerActor.Taught) accepted(b)).limit(4).toList();
    assertEquals(List.of(List.of(0), List.of(1), List.of(0), List.of(1)), taught.stream().map(LearnerActor.Taught::teachers).toList());
    assertEquals(List.of(report(1, 1, 0)), taught.get(3).reports());
    b.reports().expectMessageClass(PhaseBarrier.Done.class);
  }

  static LessonReport report(int site, int teacher, int student) {
    return new LessonReport(site, teacher, student, 2, 1, 0, 1);
  }

  static LearnerActor.Reply accepted(Barrier b) {
    PhaseBarrier.Accepted accepted = assertInstanceOf(PhaseBarrier.Accepted.class, b.reports().receiveMessage());
    assertEquals(7, accepted.barrier());
    return accepted.reply();
  }
}
