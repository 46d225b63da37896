package io.coopdistill.simulation.methods;

import static io.coopdistill.simulation.methods.TestTrials.assertValidAccuracies;
import static io.coopdistill.simulation.methods.TestTrials.mlp;
import static io.coopdistill.simulation.methods.TestTrials.semiExperts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KnowledgeDistillationTest {
  private static final KnowledgeDistillation.Options DEFAULTS =
      KnowledgeDistillation.Options.fromConfig(ConfigFactory.load());

  @Test
  void retrainsEveryStudentDeterministicallyAndReportsItsPhases() {
    Trial trial = semiExperts(1, mlp(8), mlp(8), mlp(8));
    KnowledgeDistillation method = new KnowledgeDistillation(DEFAULTS);
    assertEquals(Optional.empty(), method.notApplicable(trial));
    List<RoundPhase> phases = new ArrayList<>();
    TrialRun shared = TestTrials.run(trial);
    MethodOutcome first =
        method.run(
            shared,
            (phase, done, total) -> {
              if (done == total) phases.add(phase);
            });
    assertValidAccuracies(first, 3);
    assertTrue(first.accuracy()[0] > 0.5, "accuracy " + first.accuracy()[0]);
    // The shared baselines are evaluated once (the baseline method reuses them), then the students.
    assertEquals(
        List.of(
            RoundPhase.BASELINE_TRAINING,
            RoundPhase.EVALUATION,
            RoundPhase.RETRAINING,
            RoundPhase.EVALUATION),
        phases);
    assertArrayEquals(
        first.accuracy(),
        method.run(shared, RoundPhase.Listener.NONE).accuracy(),
        "cached baselines");
    assertArrayEquals(
        first.accuracy(),
        new KnowledgeDistillation(DEFAULTS)
            .run(TestTrials.run(trial), RoundPhase.Listener.NONE)
            .accuracy(),
        "freshly trained baselines");
  }

  @Test
  void withoutTheSoftPartItIsTheBaseline() {
    Trial trial = semiExperts(2, mlp(8), mlp(8));
    MethodOutcome labelsOnly =
        new KnowledgeDistillation(new KnowledgeDistillation.Options(2, 0))
            .run(TestTrials.run(trial), RoundPhase.Listener.NONE);
    MethodOutcome baseline =
        TrialModels.evaluate(
            trial,
            TestTrials.run(trial).baselineModels(RoundPhase.Listener.NONE),
            RoundPhase.Listener.NONE);
    assertArrayEquals(baseline.accuracy(), labelsOnly.accuracy());
  }

  @Test
  void softTargetsMixTheLabelWithThePeersSoftenedAverage() {
    Dataset data =
        new Dataset(
            "one",
            FeatureSchema.unitBox(1),
            List.of("a", "b", "c"),
            new float[][] {{0.5f}},
            new int[] {1});
    // Softened at T = 2: (0.64, 0.36, 0) → (0.8, 0.6, 0) / 1.4, and (0, 0, 1) stays one-hot.
    List<Model> teachers = List.of(constant(0.64f, 0.36f, 0f), constant(0f, 0f, 1f));
    float[] target =
        KnowledgeDistillation.softTargets(
            data, teachers, new KnowledgeDistillation.Options(2, 0.5))[0];
    double[] peers = {0.8 / 1.4 / 2, 0.6 / 1.4 / 2, 0.5};
    assertEquals(0.5 * peers[0], target[0], 1e-6);
    assertEquals(0.5 + 0.5 * peers[1], target[1], 1e-6);
    assertEquals(0.5 * peers[2], target[2], 1e-6);
  }

  @Test
  void isNotApplicableToLearnersWithoutSoftTargets() {
    Trial trial = semiExperts(3, mlp(8), TestTrials.smile("naive-bayes"));
    String reason = new KnowledgeDistillation(DEFAULTS).notApplicable(trial).orElseThrow();
    assertTrue(reason.contains("learner1 (naive-bayes)"), reason);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new KnowledgeDistillation(DEFAULTS)
                .run(TestTrials.run(trial), RoundPhase.Listener.NONE));
    assertTrue(
        new KnowledgeDistillation(DEFAULTS).notApplicable(semiExperts(3, mlp(8))).isPresent());
  }

  @Test
  void optionsAreValidatedNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new KnowledgeDistillation.Options(0.5, 0.5));
    assertTrue(e.getMessage().contains("knowledge-distillation.temperature"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new KnowledgeDistillation.Options(2, 1.5));
    assertTrue(e.getMessage().contains("knowledge-distillation.soft-weight"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KnowledgeDistillation.Options.fromConfig(ConfigFactory.empty()));
    assertTrue(e.getMessage().contains("knowledge-distillation"), e.getMessage());
  }

  private static Model constant(float... p) {
    return new Model() {
      @Override
      public int numFeatures() {
        return 1;
      }

      @Override
      public int numClasses() {
        return p.length;
      }

      @Override
      public float[][] predictProba(float[][] x) {
        float[][] out = new float[x.length][];
        for (int n = 0; n < x.length; n++) out[n] = p.clone();
        return out;
      }

      @Override
      public ModelSnapshot snapshot() {
        throw new UnsupportedOperationException();
      }
    };
  }
}
