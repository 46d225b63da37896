package io.coopdistill.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.actors.site.LearnerProtocol;
import io.coopdistill.learners.distill.curriculum.CurriculumVariant;
import io.coopdistill.learners.distill.expertise.DeficiencyReport;
import io.coopdistill.learners.distill.round.ManyAgents;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.privacy.PrivacyOptions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The supervisor against scripted learners (test probes): retries, timeouts and malformed answers.
 */
class SupervisorTest {
  static final Config CONFIG =
      ConfigFactory.parseString(
              """
      akka.actor.serialize-messages = on
      coopdistill.actors.retries = 1
      coopdistill.actors.timeouts.training = 1s
      coopdistill.actors.timeouts.counterfactuals = 1s
      coopdistill.actors.heartbeat = 200ms
      """)
          .withFallback(ConfigFactory.load());
  static final ActorTestKit KIT = ActorTestKit.create(CONFIG);
  static final RuntimeOptions OPTIONS = RuntimeOptions.fromConfig(CONFIG);
  static final ModelSnapshot SNAPSHOT = new ModelSnapshot("none", new byte[] {1, 2, 3});
  static final PrivacyOptions PRIVACY = PrivacyOptions.fromConfig(CONFIG);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  record Setup(
      List<TestProbe<LearnerProtocol.Command>> learners,
      ActorRef<Supervisor.Command> supervisor,
      TestProbe<Supervisor.RunReply> caller) {}

  static Setup start() {
    List<TestProbe<LearnerProtocol.Command>> learners =
        List.of(KIT.createTestProbe(), KIT.createTestProbe());
    ActorRef<Supervisor.Command> supervisor =
        KIT.spawn(
            Supervisor.create(
                learners.stream().map(TestProbe::getRef).toList(),
                List.of("alpha", "beta"),
                OPTIONS));
    TestProbe<Supervisor.RunReply> caller = KIT.createTestProbe();
    supervisor.tell(run(1, caller));
    return new Setup(learners, supervisor, caller);
  }

  /**
   * A run of seed {@code seed}: one round with set cover, the default privacy options and bounds.
   */
  static Supervisor.Run run(long seed, TestProbe<Supervisor.RunReply> caller) {
    return new Supervisor.Run(
        seed,
        1,
        List.of(CurriculumVariant.WITH_SET_COVER),
        PRIVACY,
        ManyAgents.standard(),
        caller.getRef());
  }

  static LearnerProtocol.Train trainOf(TestProbe<LearnerProtocol.Command> learner) {
    return learner.expectMessageClass(LearnerProtocol.Train.class);
  }

  @Test
  void aFailedStepIsRetriedThenTheRunFailsNamingTheLearner() {
    Setup s = start();
    LearnerProtocol.Train a = trainOf(s.learners().get(0));
    trainOf(s.learners().get(1)).replyTo().tell(new LearnerProtocol.Trained(1, 1, SNAPSHOT, null));
    a.replyTo()
        .tell(
            new LearnerProtocol.Failed(
                1, 0, RoundPhase.BASELINE_TRAINING, "learner alpha failed: boom"));
    LearnerProtocol.Train again = trainOf(s.learners().get(0));
    again
        .replyTo()
        .tell(
            new LearnerProtocol.Failed(
                1, 0, RoundPhase.BASELINE_TRAINING, "learner alpha failed: boom"));
    Supervisor.RunFailed failed =
        assertInstanceOf(Supervisor.RunFailed.class, s.caller().receiveMessage());
    assertTrue(
        failed.error().contains("learner alpha failed: boom")
            && failed.error().contains("gave up after 1 retry"),
        failed.error());
    s.learners().get(0).expectNoMessage();
  }

  @Test
  void aLearnerThatDoesNotAnswerFailsTheRunByName() {
    Setup s = start();
    trainOf(s.learners().get(0)).replyTo().tell(new LearnerProtocol.Trained(1, 0, SNAPSHOT, null));
    trainOf(s.learners().get(1));
    Supervisor.RunFailed failed =
        assertInstanceOf(Supervisor.RunFailed.class, s.caller().receiveMessage());
    assertTrue(
        failed.error().contains("no answer to BASELINE_TRAINING")
            && failed.error().contains("learner beta")
            && !failed.error().contains("alpha"),
        failed.error());
  }

  @Test
  void malformedAnswersFailTheRunAndTheSupervisorRunsAgain() {
    Setup s = start();
    LearnerProtocol.Train a = trainOf(s.learners().get(0));
    trainOf(s.learners().get(1));
    a.replyTo().tell(new LearnerProtocol.Trained(1, 5, SNAPSHOT, null));
    Supervisor.RunFailed unknown =
        assertInstanceOf(Supervisor.RunFailed.class, s.caller().receiveMessage());
    assertTrue(unknown.error().contains("unknown learner index 5"), unknown.error());

    // The supervisor is still there: a new run reaches deficiency identification, where an empty
    // report is refused.
    s.supervisor().tell(run(1, s.caller()));
    for (int i = 0; i < 2; i++)
      trainOf(s.learners().get(i))
          .replyTo()
          .tell(new LearnerProtocol.Trained(1, i, SNAPSHOT, null));
    LearnerProtocol.Identify identify =
        s.learners().get(0).expectMessageClass(LearnerProtocol.Identify.class);
    assertEquals(List.of(SNAPSHOT, SNAPSHOT), identify.snapshots());
    s.learners()
        .get(1)
        .expectMessageClass(LearnerProtocol.Identify.class)
        .replyTo()
        .tell(
            new LearnerProtocol.Identified(
                1,
                1,
                List.of(
                    new DeficiencyReport("b", 0, 1, new int[] {1, 0}),
                    new DeficiencyReport("b", 1, 0, new int[] {0, 2}))));
    identify.replyTo().tell(new LearnerProtocol.Identified(1, 0, List.of()));
    Supervisor.RunFailed empty =
        assertInstanceOf(Supervisor.RunFailed.class, s.caller().receiveMessage());
    assertTrue(
        empty.error().contains("learner alpha sent a bad deficiency report: it is empty"),
        empty.error());

    s.supervisor().tell(run(1, s.caller()));
    trainOf(s.learners().get(0))
        .replyTo()
        .tell(new LearnerProtocol.Rejected(1, 0, "learner alpha (0) rejected a command: no"));
    Supervisor.RunFailed rejected =
        assertInstanceOf(Supervisor.RunFailed.class, s.caller().receiveMessage());
    assertEquals("learner alpha (0) rejected a command: no", rejected.error());
  }

  @Test
  void aSecondRunWhileOneIsInProgressIsRefused() {
    Setup s = start();
    s.supervisor().tell(run(2, s.caller()));
    Supervisor.RunFailed busy =
        assertInstanceOf(Supervisor.RunFailed.class, s.caller().receiveMessage());
    assertTrue(busy.error().contains("already in progress"), busy.error());
  }
}
