package io.coopdistill.simulation.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With cooperative and cooperative-no-set-cover in one run, the counterfactuals are searched once
 * and the results are unchanged.
 */
class SharedRoundTest {
  static final Config ROOT = ConfigFactory.load();

  @Test
  void withoutSetCoverReusesTheCooperativeRoundsLessonsAndGivesWhatItsOwnRoundGives() {
    Trial trial =
        TestTrials.semiExperts(
            4, TestTrials.smile("cart"), TestTrials.smile("cart"), TestTrials.smile("naive-bayes"));
    List<Method> both =
        List.of(
            MethodRegistry.create("cooperative", ROOT),
            MethodRegistry.create("cooperative-no-set-cover", ROOT));
    TrialRun run = TrialRun.of(trial, ROOT, both);
    DistillationResult cooperative = both.get(0).run(run, RoundPhase.Listener.NONE).distillation();
    DistillationResult shared = both.get(1).run(run, RoundPhase.Listener.NONE).distillation();

    Method alone = MethodRegistry.create("cooperative-no-set-cover", ROOT);
    DistillationResult ownRound =
        alone
            .run(TrialRun.of(trial, ROOT, List.of(alone)), RoundPhase.Listener.NONE)
            .distillation();

    assertTrue(shared.sameOutcome(ownRound), "shared:\n" + shared + "\nown round:\n" + ownRound);
    assertEquals(
        cooperative.phaseSeconds().get(RoundPhase.COUNTERFACTUALS),
        shared.phaseSeconds().get(RoundPhase.COUNTERFACTUALS),
        "the counterfactuals of the shared variant are the cooperative round's");
    assertNotEquals(
        cooperative.counts().of(Count.KEPT).total(),
        shared.counts().of(Count.KEPT).total(),
        "set cover made a difference");
  }
}
