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
import io.coopdistill.learners.distill.DistillationMethod;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.Lesson;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** A learner actor's answers to bad input: a clear rejection, and it keeps working. */
class LearnerActorTest {
  static final Config CONFIG = ConfigFactory.parseString("akka.actor.serialize-messages = on").withFallback(ConfigFactory.load());
  static final ActorTestKit KIT = ActorTestKit.create(CONFIG);
  static final Learner NAIVE_BAYES = Learners.create(ConfigFactory.parseString("type = naive-bayes"), CONFIG);
  static final Dataset DATA = Blobs.generate("site", 4, 60, 0.15, 1, 2);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  static Behavior<LearnerActor.Command> learner(int index) {
    return LearnerActor.create(index, "site" + index, NAIVE_BAYES, DATA, null, null, DistillationMethod.fromConfig(CONFIG),
        RuntimeOptions.fromConfig(CONFIG));
  }

  static Lesson lesson(int student, int width) {
    return new Lesson(1, 1, student, new float[][] {new float[width]}, new int[] {0}, 1, 0, 0);
  }

  static String rejection(TestInbox<LearnerActor.Reply> inbox) {
    return assertInstanceOf(LearnerActor.Rejected.class, inbox.receiveMessage()).reason();
  }

  @Test
  void outOfOrderCommandsAndBadLessonsAreRejectedWithoutChangingAnything() {
    BehaviorTestKit<LearnerActor.Command> kit = BehaviorTestKit.create(learner(0));
    TestInbox<LearnerActor.Reply> inbox = TestInbox.create();
    kit.run(new LearnerActor.Learn(0, lesson(2, 4), inbox.getRef()));
    assertTrue(rejection(inbox).contains("lesson from site 1, teacher 1 is addressed to learner 2"));
    kit.run(new LearnerActor.Learn(0, lesson(0, 7), inbox.getRef()));
    assertTrue(rejection(inbox).contains("virtual instance of width 7; the feature space has 4"));
    kit.run(new LearnerActor.Learn(3, lesson(0, 4), inbox.getRef()));
    assertTrue(rejection(inbox).contains("is for round 3"));
    kit.run(new LearnerActor.Identify(1, 1, List.of(), inbox.getRef()));
    assertTrue(rejection(inbox).contains("before it was trained"));
    kit.run(new LearnerActor.Teach(1, 1, List.of(0), List.of(), List.of(), inbox.getRef()));
    assertTrue(rejection(inbox).contains("before identifying its deficiencies"));
    kit.run(new LearnerActor.Retrain(1, 1, inbox.getRef()));
    assertTrue(rejection(inbox).contains("before studying"));
    kit.run(new LearnerActor.Evaluate(1, inbox.getRef()));
    assertTrue(rejection(inbox).contains("before retraining"));
    assertTrue(kit.isAlive());
    assertTrue(!kit.hasEffects(), "nothing spawned, no future started");
  }

  @Test
  void aSnapshotThatCannotBeRestoredOrAnUnknownIndexIsRejectedAndTheLearnerGoesOn() {
    ActorRef<LearnerActor.Command> learner = KIT.spawn(learner(1));
    TestProbe<LearnerActor.Reply> probe = KIT.createTestProbe();
    learner.tell(new LearnerActor.Train(1, 9, probe.getRef()));
    LearnerActor.Trained trained = probe.expectMessageClass(LearnerActor.Trained.class);
    assertEquals(1, trained.learner());
    assertEquals(null, trained.mask(), "no pixel mask for tabular data");

    learner.tell(new LearnerActor.Identify(1, 9, List.of(new ModelSnapshot("smile", new byte[] {1, 2, 3}), trained.snapshot()), probe.getRef()));
    String corrupt = probe.expectMessageClass(LearnerActor.Rejected.class).reason();
    assertTrue(corrupt.contains("learner site1 (1)") && corrupt.contains("snapshot of learner 0 cannot be restored"), corrupt);

    learner.tell(new LearnerActor.Identify(1, 9, List.of(trained.snapshot()), probe.getRef()));
    String unknown = probe.expectMessageClass(LearnerActor.Rejected.class).reason();
    assertTrue(unknown.contains("index 1 is not among the 1 learners"), unknown);

    learner.tell(new LearnerActor.Identify(1, 9, List.of(trained.snapshot(), trained.snapshot()), probe.getRef()));
    LearnerActor.Identified identified = probe.expectMessageClass(LearnerActor.Identified.class);
    assertEquals(2, identified.reports().size());
    assertEquals(0, identified.reports().get(0).total(), "identical models have no deficiencies");

    learner.tell(new LearnerActor.Teach(1, 9, List.of(5), java.util.Arrays.asList(null, null), List.of(learner, learner), probe.getRef()));
    assertTrue(probe.expectMessageClass(LearnerActor.Rejected.class).reason().contains("unknown teacher index 5"));
  }
}
