package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.BehaviorTestKit;
import akka.actor.testkit.typed.javadsl.TestInbox;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.site.LearnerActor;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.curriculum.Lesson;
import io.coopdistill.learners.distill.curriculum.LessonSink;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.distill.round.TeacherChoice;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A learner actor's answers to bad input (a clear rejection, and it keeps working), its heartbeat
 * and its site's lessons.
 */
class LearnerActorTest {
  static final Config CONFIG =
      ConfigFactory.parseString("akka.actor.serialize-messages = on")
          .withFallback(ConfigFactory.load());
  static final ActorTestKit KIT = ActorTestKit.create(CONFIG);
  static final Learner NAIVE_BAYES =
      Learners.create(ConfigFactory.parseString("type = naive-bayes"), CONFIG);
  static final Dataset DATA = Blobs.generate("site", 4, 60, 0.15, 1, 2);
  static final PrivacyOptions PRIVACY = PrivacyOptions.fromConfig(CONFIG);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  static Behavior<LearnerProtocol.Command> learner(int index) {
    return LearnerActor.create(
        index,
        new Site("site" + index, NAIVE_BAYES, DATA),
        null,
        DistillationMethod.fromConfig(CONFIG),
        RuntimeOptions.fromConfig(CONFIG).heartbeat(),
        LessonSink.NONE);
  }

  static Lesson lesson(int student, int width) {
    return new Lesson(1, 1, student, new float[][] {new float[width]}, new int[] {0}, 1, 0, 0);
  }

  static String rejection(TestInbox<LearnerProtocol.Reply> inbox) {
    return assertInstanceOf(LearnerProtocol.Rejected.class, inbox.receiveMessage()).reason();
  }

  @Test
  void outOfOrderCommandsAndBadLessonsAreRejectedWithoutChangingAnything() {
    BehaviorTestKit<LearnerProtocol.Command> kit = BehaviorTestKit.create(learner(0));
    TestInbox<LearnerProtocol.Reply> inbox = TestInbox.create();
    kit.run(new LearnerProtocol.Learn(0, 1, List.of(lesson(2, 4)), inbox.getRef()));
    assertTrue(
        rejection(inbox).contains("lesson from site 1, teacher 1 is addressed to learner 2"));
    kit.run(new LearnerProtocol.Learn(0, 1, List.of(lesson(0, 7)), inbox.getRef()));
    assertTrue(rejection(inbox).contains("virtual instance of width 7; the feature space has 4"));
    kit.run(new LearnerProtocol.Learn(0, 2, List.of(lesson(0, 4)), inbox.getRef()));
    assertTrue(
        rejection(inbox).contains("lesson from site 1, teacher 1 came in a message from site 2"));
    kit.run(new LearnerProtocol.Learn(3, 1, List.of(lesson(0, 4)), inbox.getRef()));
    assertTrue(rejection(inbox).contains("are for round 3"));
    kit.run(new LearnerProtocol.Identify(1, 1, List.of(), inbox.getRef()));
    assertTrue(rejection(inbox).contains("before it was trained"));
    kit.run(
        new LearnerProtocol.Teach(
            1, 1, List.of(0), List.of(), TeacherChoice.EVERY_PAIR, List.of(), inbox.getRef()));
    assertTrue(rejection(inbox).contains("before identifying its deficiencies"));
    kit.run(new LearnerProtocol.Retrain(1, 1, inbox.getRef()));
    assertTrue(rejection(inbox).contains("before studying"));
    kit.run(new LearnerProtocol.Evaluate(1, inbox.getRef()));
    assertTrue(rejection(inbox).contains("before retraining"));
    assertTrue(kit.isAlive());
    assertTrue(!kit.hasEffects(), "nothing spawned, no future started");
  }

  @Test
  void aSnapshotThatCannotBeRestoredOrAnUnknownIndexIsRejectedAndTheLearnerGoesOn() {
    ActorRef<LearnerProtocol.Command> learner = KIT.spawn(learner(1));
    TestProbe<LearnerProtocol.Reply> probe = KIT.createTestProbe();
    learner.tell(new LearnerProtocol.Train(1, 9, PRIVACY, probe.getRef()));
    LearnerProtocol.Trained trained = probe.expectMessageClass(LearnerProtocol.Trained.class);
    assertEquals(1, trained.learner());
    assertEquals(null, trained.mask(), "no pixel mask for tabular data");

    learner.tell(
        new LearnerProtocol.Identify(
            1,
            9,
            List.of(new ModelSnapshot("smile", new byte[] {1, 2, 3}), trained.snapshot()),
            probe.getRef()));
    String corrupt = probe.expectMessageClass(LearnerProtocol.Rejected.class).reason();
    assertTrue(
        corrupt.contains("learner site1 (1)")
            && corrupt.contains("snapshot of learner 0 cannot be restored"),
        corrupt);

    learner.tell(new LearnerProtocol.Identify(1, 9, List.of(trained.snapshot()), probe.getRef()));
    String unknown = probe.expectMessageClass(LearnerProtocol.Rejected.class).reason();
    assertTrue(unknown.contains("index 1 is not among the 1 learners"), unknown);

    learner.tell(
        new LearnerProtocol.Identify(
            1, 9, List.of(trained.snapshot(), trained.snapshot()), probe.getRef()));
    LearnerProtocol.Identified identified =
        probe.expectMessageClass(LearnerProtocol.Identified.class);
    assertEquals(2, identified.reports().size());
    assertEquals(0, identified.reports().get(0).total(), "identical models have no deficiencies");

    learner.tell(
        new LearnerProtocol.Teach(
            1,
            9,
            List.of(5),
            java.util.Arrays.asList(null, null),
            TeacherChoice.EVERY_PAIR,
            List.of(learner, learner),
            probe.getRef()));
    assertTrue(
        probe
            .expectMessageClass(LearnerProtocol.Rejected.class)
            .reason()
            .contains("unknown teacher index 5"));

    // A rejected lesson of the round rejects the student's study too: the first rejection may reach
    // a barrier that has ended.
    learner.tell(new LearnerProtocol.Learn(1, 1, List.of(lesson(0, 4)), probe.getRef()));
    String addressed = probe.expectMessageClass(LearnerProtocol.Rejected.class).reason();
    assertTrue(addressed.contains("is addressed to learner 0"), addressed);
    learner.tell(new LearnerProtocol.Study(1, 1, CurriculumVariant.WITH_SET_COVER, probe.getRef()));
    assertEquals(addressed, probe.expectMessageClass(LearnerProtocol.Rejected.class).reason());
  }

  @Test
  void aLearnerAtWorkOnAStepSaysSoEveryHeartbeatUntilItAnswers() {
    LivenessTest.SlowFirstTraining slow =
        new LivenessTest.SlowFirstTraining(NAIVE_BAYES, 1000, new AtomicInteger());
    ActorRef<LearnerProtocol.Command> learner =
        KIT.spawn(
            LearnerActor.create(
                2,
                new Site("site2", slow, DATA),
                null,
                DistillationMethod.fromConfig(CONFIG),
                Duration.ofMillis(100),
                LessonSink.NONE));
    TestProbe<LearnerProtocol.Reply> barrier = KIT.createTestProbe();
    learner.tell(new LearnerProtocol.Train(1, 9, PRIVACY, barrier.getRef()));
    int beats = 0;
    LearnerProtocol.Reply reply;
    while ((reply = barrier.receiveMessage(Duration.ofSeconds(5)))
        instanceof LearnerProtocol.Working working) {
      assertEquals(new LearnerProtocol.Working(1, 2, RoundPhase.BASELINE_TRAINING), working);
      beats++;
    }
    assertEquals(2, assertInstanceOf(LearnerProtocol.Trained.class, reply).learner());
    assertTrue(
        beats >= 5,
        "a 1 s training with a heartbeat of 100 ms said it was working " + beats + " times");
    barrier.expectNoMessage(Duration.ofMillis(300));
  }

  @Test
  void aSiteSendsEachStudentOneMessageWithAllItsTeachersLessonsAndTheSupervisorOneReport() {
    ActorRef<LearnerProtocol.Command> site = KIT.spawn(learner(0));
    TestProbe<LearnerProtocol.Reply> supervisor = KIT.createTestProbe();
    site.tell(new LearnerProtocol.Train(1, 3, PRIVACY, supervisor.getRef()));
    ModelSnapshot own = supervisor.expectMessageClass(LearnerProtocol.Trained.class).snapshot();
    // Peers that learned from fewer, noisier rows: they are deficient on some of this site's rows
    // and correct on others.
    List<ModelSnapshot> snapshots = new java.util.ArrayList<>(List.of(own));
    for (int peer = 1; peer <= 2; peer++) {
      snapshots.add(
          NAIVE_BAYES
              .train(Blobs.generate("peer" + peer, 4, 12, 0.6, 1, 10 + peer), peer)
              .snapshot());
    }
    site.tell(new LearnerProtocol.Identify(1, 3, snapshots, supervisor.getRef()));
    supervisor.expectMessageClass(LearnerProtocol.Identified.class);

    List<TestProbe<LearnerProtocol.Command>> students =
        List.of(KIT.createTestProbe(), KIT.createTestProbe(), KIT.createTestProbe());
    site.tell(
        new LearnerProtocol.Teach(
            1,
            3,
            List.of(0, 1, 2),
            java.util.Arrays.asList(null, null, null),
            TeacherChoice.EVERY_PAIR,
            students.stream().map(TestProbe::getRef).toList(),
            supervisor.getRef()));
    LearnerProtocol.Taught taught =
        supervisor.expectMessageClass(
            LearnerProtocol.Taught.class, java.time.Duration.ofSeconds(30));
    assertEquals(List.of(0, 1, 2), taught.teachers().stream().sorted().toList());
    assertEquals(3 * 2, taught.reports().size(), "one report per (teacher, student)");
    int messages = 0;
    for (int j = 0; j < 3; j++) {
      int student = j;
      List<Integer> teachersWithInstances =
          taught.reports().stream()
              .filter(r -> r.student() == student && r.sent() > 0)
              .map(r -> r.teacher())
              .sorted()
              .toList();
      if (teachersWithInstances.isEmpty()) {
        students.get(j).expectNoMessage(java.time.Duration.ofMillis(100));
        continue;
      }
      LearnerProtocol.Learn learn = (LearnerProtocol.Learn) students.get(j).receiveMessage();
      messages++;
      assertEquals(0, learn.site());
      assertEquals(
          teachersWithInstances, learn.lessons().stream().map(Lesson::teacher).sorted().toList());
      students.get(j).expectNoMessage(java.time.Duration.ofMillis(100));
    }
    assertTrue(messages >= 2, "the weak peers were taught: " + taught.reports());
    supervisor.expectNoMessage(java.time.Duration.ofMillis(100));
  }
}
