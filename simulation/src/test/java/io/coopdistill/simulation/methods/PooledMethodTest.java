package io.coopdistill.simulation.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The pooled topline trains one model per distinct learner on everyone's rows. */
class PooledMethodTest {

  @Test
  void agentsSharingALearnerShareOnePooledModel() {
    Learner tree = TestTrials.smile("cart");
    Trial trial = TestTrials.semiExperts(6, tree, tree, TestTrials.smile("naive-bayes"));
    List<String> trained = new ArrayList<>();
    Logger log = (Logger) LoggerFactory.getLogger(PooledMethod.class);
    ListAppender<ILoggingEvent> epochs = new ListAppender<>();
    epochs.start();
    log.addAppender(epochs);
    log.setLevel(Level.INFO);
    MethodOutcome outcome;
    try {
      outcome =
          new PooledMethod()
              .run(
                  TestTrials.run(trial),
                  (phase, done, total) -> {
                    if (phase == RoundPhase.RETRAINING) trained.add(done + "/" + total);
                  });
    } finally {
      log.detachAppender(epochs);
      log.setLevel(null);
    }
    assertEquals(List.of("0/2", "1/2", "2/2"), trained, "two distinct learners, two models");
    assertEquals(
        2,
        epochs.list.size(),
        "each pooled model's training is logged (one pass each): " + epochs.list);
    assertEquals(outcome.accuracy()[0], outcome.accuracy()[1]);
    MethodOutcome baseline =
        TrialModels.evaluate(
            trial,
            TestTrials.run(trial).baselineModels(RoundPhase.Listener.NONE),
            RoundPhase.Listener.NONE);
    for (int i = 0; i < 3; i++) {
      assertTrue(
          outcome.accuracy()[i] >= baseline.accuracy()[i],
          "pooled rows beat a semi-expert's own: "
              + outcome.accuracy()[i]
              + " vs "
              + baseline.accuracy()[i]);
    }
  }

  @Test
  void aPooledModelSelectsOnItsAgentsOwnRows() {
    Learner tree = TestTrials.smile("cart");
    Trial trial = TestTrials.semiExperts(6, tree, tree, tree);
    Dataset own = trial.sites().get(1).data();
    Dataset pooled = PooledMethod.pooled(trial.sites(), 1);
    assertEquals(trial.sites().stream().mapToInt(p -> p.data().size()).sum(), pooled.size());
    assertArrayEquals(
        own.validationSplit(0.2, 9).second(), pooled.validationSplit(0.2, 9).second());
    assertTrue(
        IntStream.range(own.size(), pooled.size()).allMatch(pooled::isTrainingOnly),
        "the other agents' rows only train");
  }
}
