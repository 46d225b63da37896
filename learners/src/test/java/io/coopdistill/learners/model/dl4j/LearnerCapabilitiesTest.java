package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.SoftTargetLearner;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

/** Soft-target training and warm starts of the DL4J learners. */
class LearnerCapabilitiesTest {
  private static final TrainingOptions QUICK = new TrainingOptions(0.01, 16, 30, 5, 0.2);

  private static MlpLearner mlp(
      List<Integer> hidden, Activation activation, TrainingOptions training) {
    return new MlpLearner(new MlpLearner.Options(hidden, activation, training));
  }

  @Test
  void oneHotTargetsGiveTheSameModelAsHardLabels() {
    Dataset data = SyntheticData.blobs(150, 4, 3, 1);
    float[][] probe = SyntheticData.blobs(30, 4, 3, 2).features();
    MlpLearner learner = mlp(List.of(8), Activation.RELU, QUICK);
    float[][] hard = learner.train(data, 5).predictProba(probe);
    float[][] soft =
        learner
            .train(data, SoftTargetLearner.oneHot(data), 5, (e, m, l, a) -> {})
            .predictProba(probe);
    for (int n = 0; n < probe.length; n++) assertArrayEquals(hard[n], soft[n], "row " + n);
  }

  @Test
  void softTargetsAreFittedNotTheLabels() {
    Dataset data = SyntheticData.blobs(150, 4, 3, 1);
    float[][] probe = SyntheticData.blobs(30, 4, 3, 2).features();
    // Every row asks for 60% on its label and 20% on each other class: the fitted model must be
    // about that unsure, where the hard-label model is near certain on these separable blobs.
    float[][] targets = new float[data.size()][3];
    for (int n = 0; n < data.size(); n++) {
      Arrays.fill(targets[n], 0.2f);
      targets[n][data.label(n)] = 0.6f;
    }
    TrainingOptions longer = new TrainingOptions(0.01, 16, 80, 10, 0.2);
    MlpLearner learner = mlp(List.of(8), Activation.RELU, longer);
    double hardConfidence = meanTopProbability(learner.train(data, 5), probe);
    double softConfidence =
        meanTopProbability(learner.train(data, targets, 5, (e, m, l, a) -> {}), probe);
    assertTrue(hardConfidence > 0.9, "hard-label confidence " + hardConfidence);
    assertEquals(0.6, softConfidence, 0.08, "soft-target confidence");
  }

  @Test
  void badSoftTargetsAreRejected() {
    Dataset data = SyntheticData.blobs(20, 4, 3, 1);
    MlpLearner learner = mlp(List.of(8), Activation.RELU, QUICK);
    float[][] targets = SoftTargetLearner.oneHot(data);
    targets[7] = new float[] {0.5f, 0.6f, 0f};
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> learner.train(data, targets, 1, (a, b, c, d) -> {}));
    assertTrue(e.getMessage().contains("soft target 7 sums to"), e.getMessage());
    float[][] tooFew = Arrays.copyOf(targets, 19);
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> learner.train(data, tooFew, 1, (a, b, c, d) -> {}));
    assertTrue(e.getMessage().contains("20 rows but 19 soft targets"), e.getMessage());
  }

  @Test
  void warmStartStartsFromTheGivenParameters() {
    Dataset data = SyntheticData.blobs(150, 4, 3, 1);
    float[][] probe = SyntheticData.blobs(30, 4, 3, 2).features();
    Model init = mlp(List.of(8), Activation.RELU, QUICK).train(data, 3);
    // One epoch at a negligible learning rate: a warm start must stay where it began, a cold start
    // stays near its own random initialisation, far from the trained model.
    MlpLearner frozen = mlp(List.of(8), Activation.RELU, new TrainingOptions(1e-9, 16, 1, 1, 0));
    float[][] expected = init.predictProba(probe);
    float[][] warm = frozen.train(data, init, 9, (e, m, l, a) -> {}).predictProba(probe);
    float[][] cold = frozen.train(data, 9).predictProba(probe);
    double coldGap = 0;
    for (int n = 0; n < probe.length; n++) {
      assertArrayEquals(expected[n], warm[n], 1e-4f, "row " + n);
      for (int c = 0; c < 3; c++)
        coldGap = Math.max(coldGap, Math.abs(expected[n][c] - cold[n][c]));
    }
    assertTrue(
        coldGap > 0.1, "a cold start should differ from the trained model, max gap " + coldGap);
  }

  @Test
  void warmStartKeepsItsStartWhenFineTuningDoesNotImproveValidation() {
    Dataset data = SyntheticData.blobs(150, 4, 3, 1);
    float[][] probe = SyntheticData.blobs(30, 4, 3, 2).features();
    Model init = mlp(List.of(8), Activation.RELU, QUICK).train(data, 3);
    // A huge learning rate wrecks the network in its first epoch; the start is kept as "epoch 0".
    MlpLearner reckless = mlp(List.of(8), Activation.RELU, new TrainingOptions(50, 16, 2, 2, 0.2));
    float[][] expected = init.predictProba(probe);
    float[][] tuned = reckless.train(data, init, 9, (e, m, l, a) -> {}).predictProba(probe);
    for (int n = 0; n < probe.length; n++)
      assertArrayEquals(expected[n], tuned[n], 1e-6f, "row " + n);
  }

  @Test
  void warmStartNeedsTheSameArchitecture() {
    Dataset data = SyntheticData.blobs(60, 4, 3, 1);
    MlpLearner wide = mlp(List.of(8), Activation.RELU, QUICK);
    MlpLearner narrow = mlp(List.of(4), Activation.RELU, QUICK);
    Model init = wide.train(data, 3);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> narrow.train(data, init, 1, (a, b, c, d) -> {}));
    assertTrue(e.getMessage().contains("architectures differ"), e.getMessage());
    Model notANetwork =
        new Model() {
          @Override
          public int numFeatures() {
            return 4;
          }

          @Override
          public int numClasses() {
            return 3;
          }

          @Override
          public float[][] predictProba(float[][] x) {
            throw new UnsupportedOperationException();
          }

          @Override
          public ModelSnapshot snapshot() {
            throw new UnsupportedOperationException();
          }
        };
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> wide.train(data, notANetwork, 1, (a, b, c, d) -> {}));
    assertTrue(e.getMessage().contains("only start from a DL4J network"), e.getMessage());

    assertTrue(
        wide.sameArchitecture(
            mlp(List.of(8), Activation.RELU, new TrainingOptions(0.1, 8, 3, 1, 0))));
    assertFalse(wide.sameArchitecture(narrow));
    assertFalse(wide.sameArchitecture(mlp(List.of(8), Activation.TANH, QUICK)));
    CnnLearner cnn =
        new CnnLearner(new CnnLearner.Options(List.of(3), 3, 8, Activation.RELU, QUICK));
    assertFalse(wide.sameArchitecture(cnn));
    assertFalse(cnn.sameArchitecture(wide));
    assertTrue(
        cnn.sameArchitecture(
            new CnnLearner(new CnnLearner.Options(List.of(3), 3, 8, Activation.RELU, QUICK))));
    assertFalse(
        cnn.sameArchitecture(
            new CnnLearner(new CnnLearner.Options(List.of(3), 3, 16, Activation.RELU, QUICK))));
  }

  @Test
  void cnnFitsOneHotTargetsLikeLabelsAndWarmStarts() {
    Dataset data = SyntheticData.bars(80, 8, 2, 3);
    float[][] probe = SyntheticData.bars(20, 8, 2, 4).features();
    TrainingOptions brief = new TrainingOptions(0.01, 16, 3, 2, 0.2);
    CnnLearner cnn =
        new CnnLearner(new CnnLearner.Options(List.of(3), 3, 8, Activation.TANH, brief));
    Model hard = cnn.train(data, 5);
    float[][] expected = hard.predictProba(probe);
    float[][] soft =
        cnn.train(data, SoftTargetLearner.oneHot(data), 5, (e, m, l, a) -> {}).predictProba(probe);
    CnnLearner frozen =
        new CnnLearner(
            new CnnLearner.Options(
                List.of(3), 3, 8, Activation.TANH, new TrainingOptions(1e-9, 16, 1, 1, 0)));
    float[][] warm = frozen.train(data, hard, 9, (e, m, l, a) -> {}).predictProba(probe);
    for (int n = 0; n < probe.length; n++) {
      assertArrayEquals(expected[n], soft[n], "row " + n);
      assertArrayEquals(expected[n], warm[n], 1e-4f, "row " + n);
    }
  }

  private static double meanTopProbability(Model model, float[][] x) {
    double sum = 0;
    for (float[] p : model.predictProba(x)) {
      float top = 0;
      for (float v : p) top = Math.max(top, v);
      sum += top;
    }
    return sum / x.length;
  }
}
