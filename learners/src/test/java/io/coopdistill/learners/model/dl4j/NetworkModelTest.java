package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.DifferentiableModel;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

class NetworkModelTest {
  private static final TrainingOptions QUICK = new TrainingOptions(0.01, 16, 40, 5, 0.2);

  private static MlpLearner mlp(Activation activation) {
    return new MlpLearner(new MlpLearner.Options(List.of(8), activation, QUICK));
  }

  private static CnnLearner smallCnn() {
    return smallCnn(Activation.TANH);
  }

  private static CnnLearner smallCnn(Activation activation) {
    return new CnnLearner(new CnnLearner.Options(List.of(3), 3, 8, activation, QUICK));
  }

  @Test
  void mlpLearnsBlobsAndReportsEveryEpoch() {
    Dataset data = SyntheticData.blobs(300, 4, 3, 1);
    Dataset.Split split = data.stratifiedSplit(0.3, 2);
    List<Double> validationAccuracies = new ArrayList<>();
    Model model =
        mlp(Activation.RELU)
            .train(
                split.first(),
                7,
                (epoch, max, loss, acc) -> {
                  assertEquals(validationAccuracies.size() + 1, epoch);
                  assertEquals(40, max);
                  assertTrue(loss >= 0 && Double.isFinite(loss), "loss " + loss);
                  validationAccuracies.add(acc);
                });
    assertFalse(validationAccuracies.isEmpty());
    assertTrue(validationAccuracies.stream().allMatch(a -> a >= 0 && a <= 1));
    assertEquals(4, model.numFeatures());
    assertEquals(3, model.numClasses());
    float[][] p = model.predictProba(split.second().features());
    for (float[] row : p) {
      assertEquals(3, row.length);
      assertEquals(1.0, row[0] + row[1] + row[2], 1e-5);
    }
    assertTrue(
        accuracy(model, split.second()) > 0.9, "accuracy " + accuracy(model, split.second()));
  }

  @Test
  void cnnLearnsBarsFromTheImageShape() {
    Dataset data = SyntheticData.bars(240, 8, 2, 3);
    Dataset.Split split = data.stratifiedSplit(0.25, 4);
    Model model = smallCnn().train(split.first(), 5);
    assertEquals(64, model.numFeatures());
    assertTrue(
        accuracy(model, split.second()) > 0.9, "accuracy " + accuracy(model, split.second()));
    assertFalse(
        model.onGpu(),
        "the default build computes on ND4J's CPU backend, so its teachers search on every core");
  }

  @Test
  void cnnRejectsDataWithoutAnImageShape() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> smallCnn().train(SyntheticData.blobs(20, 4, 2, 1), 1));
    assertTrue(e.getMessage().contains("image"), e.getMessage());
  }

  @Test
  void mlpTrainingIsDeterministicForASeed() {
    assertDeterministic(
        mlp(Activation.RELU), SyntheticData.blobs(120, 4, 3, 5), SyntheticData.blobs(30, 4, 3, 6));
  }

  @Test
  void cnnTrainingIsDeterministicForASeed() {
    assertDeterministic(
        smallCnn(), SyntheticData.bars(80, 8, 2, 5), SyntheticData.bars(20, 8, 2, 6));
  }

  private static void assertDeterministic(Learner learner, Dataset data, Dataset probe) {
    float[][] a = learner.train(data, 11).predictProba(probe.features());
    float[][] b = learner.train(data, 11).predictProba(probe.features());
    float[][] c = learner.train(data, 12).predictProba(probe.features());
    for (int n = 0; n < a.length; n++) assertArrayEquals(a[n], b[n], "row " + n);
    assertFalse(Arrays.deepEquals(a, c), "another seed gives another model");
  }

  @Test
  void mlpInputGradientMatchesFiniteDifferences() {
    Dataset data = SyntheticData.blobs(120, 5, 3, 8);
    checkGradient(mlp(Activation.TANH).train(data, 3), data, 9);
  }

  @Test
  void cnnInputGradientMatchesFiniteDifferences() {
    Dataset data = SyntheticData.bars(80, 6, 2, 9);
    checkGradient(smallCnn().train(data, 4), data, 10);
  }

  @Test
  void reluCnnWithTwoConvolutionsInputGradientMatchesFiniteDifferences() {
    Dataset data = SyntheticData.bars(80, 16, 4, 9);
    checkGradient(
        new CnnLearner(new CnnLearner.Options(List.of(4, 6), 3, 8, Activation.RELU, QUICK))
            .train(data, 4),
        data,
        11);
  }

  /**
   * Central differences of ‖p(x) − t‖² (in double, from the float outputs) against the analytic
   * per-row gradient. Where ReLU or max pooling has a kink within ±eps the two one-sided
   * differences disagree; there the analytic gradient must match one of them.
   */
  private static void checkGradient(Model trained, Dataset data, long seed) {
    DifferentiableModel model = (DifferentiableModel) trained;
    SplittableRandom random = new SplittableRandom(seed);
    int rows = 4;
    float[][] x = new float[rows][];
    float[][] target = new float[rows][model.numClasses()];
    for (int n = 0; n < rows; n++) {
      x[n] = data.row(random.nextInt(data.size())).clone();
      for (int c = 0; c < model.numClasses(); c++) target[n][c] = (float) random.nextDouble();
    }
    DifferentiableModel.OutputAndGradient result = model.squaredErrorInputGradient(x, target);
    float[][] batch = result.gradient();
    float[][] p = model.predictProba(x);
    for (int n = 0; n < rows; n++)
      assertArrayEquals(p[n], result.probabilities()[n], 1e-6f, "probabilities of row " + n);
    float eps = 1e-3f;
    double largest = 0;
    int kinks = 0;
    for (int n = 0; n < rows; n++) {
      float[][] alone =
          model
              .squaredErrorInputGradient(new float[][] {x[n]}, new float[][] {target[n]})
              .gradient();
      assertArrayEquals(alone[0], batch[n], 1e-6f, "row " + n + " depends on its batch");
      double here = loss(model, x[n], target[n]);
      for (int d = 0; d < x[n].length; d++) {
        float[] plus = x[n].clone();
        float[] minus = x[n].clone();
        plus[d] += eps;
        minus[d] -= eps;
        double forward = (loss(model, plus, target[n]) - here) / eps;
        double backward = (here - loss(model, minus, target[n])) / eps;
        double central = (forward + backward) / 2;
        largest = Math.max(largest, Math.abs(central));
        double tolerance = 5e-4 + 0.05 * Math.abs(central);
        if (Math.abs(forward - backward) <= tolerance) {
          assertEquals(central, batch[n][d], tolerance, "row " + n + ", input " + d);
        } else {
          kinks++;
          assertTrue(
              Math.abs(forward - batch[n][d]) <= tolerance
                  || Math.abs(backward - batch[n][d]) <= tolerance,
              "row "
                  + n
                  + ", input "
                  + d
                  + " at a kink: one-sided "
                  + forward
                  + ", "
                  + backward
                  + ", analytic "
                  + batch[n][d]);
        }
      }
    }
    assertTrue(largest > 1e-3, "the check is vacuous: all gradients are ~0");
    assertTrue(
        kinks <= rows * x[0].length / 10, kinks + " kinks: the finite differences are too coarse");
  }

  private static double loss(Model model, float[] x, float[] target) {
    float[] p = model.predictProba(new float[][] {x})[0];
    double sum = 0;
    for (int c = 0; c < p.length; c++) sum += (p[c] - target[c]) * (double) (p[c] - target[c]);
    return sum;
  }

  @Test
  void snapshotRestoresTheSameModelAndRejectsCorruptBytes() {
    Dataset data = SyntheticData.bars(60, 6, 2, 2);
    Model model = smallCnn().train(data, 1);
    ModelSnapshot snapshot = model.snapshot();
    assertEquals("dl4j", snapshot.format());
    Model restored = snapshot.restore();
    assertEquals(model.numFeatures(), restored.numFeatures());
    assertEquals(model.numClasses(), restored.numClasses());
    float[][] expected = model.predictProba(data.features());
    float[][] actual = restored.predictProba(data.features());
    for (int n = 0; n < expected.length; n++) assertArrayEquals(expected[n], actual[n], "row " + n);

    byte[] truncated = Arrays.copyOf(snapshot.bytes(), snapshot.bytes().length / 2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ModelSnapshot("dl4j", truncated).restore());
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ModelSnapshot("dl4j", new byte[] {1, 2, 3}).restore());
    assertTrue(e.getMessage().contains("header"), e.getMessage());
  }

  @Test
  void concurrentCallersGetTheSameAnswersAsOne() throws Exception {
    Dataset data = SyntheticData.blobs(200, 6, 3, 4);
    DifferentiableModel model = (DifferentiableModel) mlp(Activation.TANH).train(data, 2);
    float[][] target = new float[data.size()][3];
    float[][] expectedP = model.predictProba(data.features());
    float[][] expectedG = model.squaredErrorInputGradient(data.features(), target).gradient();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        results.add(
            pool.submit(
                () ->
                    Arrays.deepEquals(expectedP, model.predictProba(data.features()))
                        && Arrays.deepEquals(
                            expectedG,
                            model.squaredErrorInputGradient(data.features(), target).gradient())));
      }
      for (Future<Boolean> result : results) assertTrue(result.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void learnersAreBuiltFromConfigurationWithValidatedOptions() {
    var root = ConfigFactory.load();
    Learner cnn = Learners.create(ConfigFactory.parseString("type = cnn"), root);
    assertEquals("cnn", cnn.name());
    assertEquals(List.of(20, 50), ((CnnLearner) cnn).options().convolutionFilters());
    Learner mlp =
        Learners.create(
            ConfigFactory.parseString("type = mlp, hidden-layers = [5], activation = TANH"), root);
    assertEquals(
        new MlpLearner.Options(
            List.of(5), Activation.TANH, ((MlpLearner) mlp).options().training()),
        ((MlpLearner) mlp).options());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Learners.create(ConfigFactory.parseString("type = mlp, learning-rate = -1"), root));
    assertTrue(e.getMessage().contains("learning-rate"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Learners.create(
                    ConfigFactory.parseString("type = cnn, activation = wiggle"), root));
    assertTrue(e.getMessage().contains("wiggle"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Learners.create(ConfigFactory.parseString("type = mlp, batch-size = lots"), root));
    assertTrue(e.getMessage().contains("batch-size"), e.getMessage());
  }

  private static double accuracy(Model model, Dataset data) {
    int[] predicted = model.predict(data.features());
    int right = 0;
    for (int n = 0; n < predicted.length; n++) if (predicted[n] == data.label(n)) right++;
    return (double) right / predicted.length;
  }
}
