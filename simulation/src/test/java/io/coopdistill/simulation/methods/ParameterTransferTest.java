package io.coopdistill.simulation.methods;

import static io.coopdistill.simulation.methods.TestTrials.mlp;
import static io.coopdistill.simulation.methods.TestTrials.semiExperts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.distill.expertise.Expertise;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.dl4j.MlpLearner;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import io.coopdistill.simulation.scenario.Trial;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class ParameterTransferTest {

  @Test
  void fineTunesEveryStudentDeterministically() {
    Trial trial = semiExperts(1, mlp(8), mlp(8), mlp(8));
    TestTrials.assertRunsDeterministically(new ParameterTransfer(), trial);
  }

  @Test
  void eachStudentStartsFromItsBestPeer() {
    // Learners that cannot move from their start: each student must end exactly where its best
    // peer's baseline model is, and the best peer is the most accurate one on the student's rows.
    MlpLearner frozen =
        new MlpLearner(
            new MlpLearner.Options(
                List.of(8), Activation.RELU, new TrainingOptions(1e-9, 16, 1, 1, 0)));
    Trial trial = semiExperts(4, frozen, frozen, frozen);
    List<Model> baseline = TestTrials.run(trial).baselineModels(RoundPhase.Listener.NONE);
    double[] baselineAccuracy =
        TrialModels.evaluate(trial, baseline, RoundPhase.Listener.NONE).accuracy();
    double[] transferred =
        new ParameterTransfer().run(TestTrials.run(trial), RoundPhase.Listener.NONE).accuracy();
    for (int j = 0; j < 3; j++) {
      int peer = ParameterTransfer.bestPeer(j, trial.sites().get(j), baseline);
      assertNotEquals(j, peer);
      for (int i = 0; i < 3; i++) {
        if (i == j) continue;
        assertTrue(
            accuracyOnOwnRows(baseline.get(peer), trial, j)
                >= accuracyOnOwnRows(baseline.get(i), trial, j));
      }
      assertEquals(
          baselineAccuracy[peer], transferred[j], 1e-12, "student " + j + " from peer " + peer);
    }
  }

  @Test
  void isNotApplicableAcrossArchitecturesOrWithoutWarmStarts() {
    String reason =
        new ParameterTransfer().notApplicable(semiExperts(1, mlp(8), mlp(4))).orElseThrow();
    assertTrue(reason.contains("architectures differ"), reason);
    reason =
        new ParameterTransfer()
            .notApplicable(semiExperts(1, mlp(8), TestTrials.smile("cart")))
            .orElseThrow();
    assertTrue(reason.contains("learner1 (cart)"), reason);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ParameterTransfer()
                    .run(TestTrials.run(semiExperts(1, mlp(8), mlp(4))), RoundPhase.Listener.NONE));
    assertTrue(
        refused
            .getMessage()
            .startsWith("parameter-transfer is not applicable: architectures differ"),
        refused.getMessage());
  }

  private static double accuracyOnOwnRows(Model model, Trial trial, int j) {
    return Expertise.identify(model, trial.sites().get(j).data()).accuracy();
  }
}
