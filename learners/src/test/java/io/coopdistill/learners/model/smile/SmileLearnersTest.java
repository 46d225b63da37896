package io.coopdistill.learners.model.smile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import smile.math.MathEx;

/** What every Smile learner promises, checked on each through the configuration path users take. */
class SmileLearnersTest {
  private static final Config ROOT = ConfigFactory.load();

  private static Learner learner(String type) {
    return Learners.create(ConfigFactory.parseString("type = " + type), ROOT);
  }

  /** The learner of the options as configured, inside the search its type's default grid makes. */
  private static Learner configured(Learner learner) {
    return learner instanceof GridSearch search ? search.configured() : learner;
  }

  @ParameterizedTest
  @ValueSource(strings = {"cart", "random-forest", "naive-bayes", "logistic-regression", "svm"})
  void learnsSeparableBlobsAndGivesProbabilities(String type) {
    for (int classes : new int[] {2, 3}) {
      Dataset.Split split =
          Blobs.generate(classes, 5, 150, 0.05, 3 + classes).stratifiedSplit(0.3, 7);
      List<double[]> progress = new ArrayList<>();
      Model model =
          learner(type)
              .train(
                  split.first(),
                  42,
                  (epoch, max, loss, accuracy) ->
                      progress.add(new double[] {epoch, max, loss, accuracy}));

      assertEquals(1, progress.size(), "one progress report");
      assertEquals(1, progress.get(0)[0]);
      assertEquals(1, progress.get(0)[1]);
      assertTrue(
          progress.get(0)[2] >= 0 && Double.isFinite(progress.get(0)[2]),
          "training loss " + progress.get(0)[2]);
      assertTrue(Double.isNaN(progress.get(0)[3]));

      Dataset test = split.second();
      double accuracy = Blobs.accuracy(model.predict(test.features()), test.labels());
      assertTrue(
          accuracy > 0.95, type + " with " + classes + " classes: held-out accuracy " + accuracy);
      assertEquals(classes, model.numClasses());
      assertEquals(5, model.numFeatures());
      assertProbabilities(model.predictProba(Blobs.uniformPoints(500, 5, 1)), classes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cart", "random-forest", "naive-bayes", "logistic-regression", "svm"})
  void snapshotRestoresTheSamePredictions(String type) {
    Dataset data = Blobs.generate(3, 4, 60, 0.15, 21);
    Model model = learner(type).train(data, 5);
    ModelSnapshot snapshot = model.snapshot();
    assertEquals("smile", snapshot.format());
    Model restored = new ModelSnapshot(snapshot.format(), snapshot.bytes().clone()).restore();
    assertEquals(model.getClass(), restored.getClass());
    float[][] x = Blobs.uniformPoints(300, 4, 9);
    assertArrayEquals(model.predictProba(x), restored.predictProba(x));
    assertArrayEquals(
        model.predictProba(x),
        restored.snapshot().restore().predictProba(x),
        "a restored model snapshots again");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cart", "random-forest", "naive-bayes", "logistic-regression", "svm"})
  void sameSeedSamePredictionsOnAnyThread(String type) throws Exception {
    Dataset data = Blobs.generate(3, 4, 60, 0.2, 22);
    float[][] x = Blobs.uniformPoints(300, 4, 10);
    Learner learner = learner(type);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      float[][] onOtherThread = other.submit(() -> learner.train(data, 17).predictProba(x)).get();
      // Smile's generator is thread-local and shared by all Smile code on a thread: disturb it.
      MathEx.setSeed(99);
      MathEx.random(10);
      assertArrayEquals(onOtherThread, learner.train(data, 17).predictProba(x));
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void forestsOfDifferentSeedsDiffer() {
    Dataset data = Blobs.generate(3, 4, 60, 0.2, 22);
    float[][] x = Blobs.uniformPoints(300, 4, 10);
    Learner forest = learner("random-forest");
    assertFalse(
        Arrays.deepEquals(
            forest.train(data, 17).predictProba(x), forest.train(data, 18).predictProba(x)));
  }

  @Test
  void naiveBayesCopesWithColumnsConstantWithinAClass() {
    // Column 2 is 0 for class 0 and 1 for class 1, like a one-hot column: variance 0 in each class.
    Dataset blobs = Blobs.generate(2, 3, 50, 0.1, 28);
    float[][] x = new float[blobs.size()][];
    for (int n = 0; n < x.length; n++) {
      x[n] = blobs.row(n).clone();
      x[n][2] = blobs.label(n);
    }
    Model model =
        learner("naive-bayes").train(blobs.withRows("one-hot-like", blobs.schema(), x), 1);
    float[][] p = model.predictProba(Blobs.uniformPoints(200, 3, 13));
    assertProbabilities(p, 2);
    assertArrayEquals(blobs.labels(), model.predict(x));
  }

  @ParameterizedTest
  @ValueSource(strings = {"cart", "random-forest", "naive-bayes", "logistic-regression", "svm"})
  void concurrentPredictionsMatchSequentialOnes(String type) throws Exception {
    Model model = learner(type).train(Blobs.generate(3, 4, 60, 0.2, 23), 3);
    float[][] x = Blobs.uniformPoints(2000, 4, 11);
    float[][] expected = model.predictProba(x);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[][]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) results.add(pool.submit(() -> model.predictProba(x)));
      for (Future<float[][]> result : results) assertArrayEquals(expected, result.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"cart", "random-forest", "naive-bayes", "logistic-regression", "svm"})
  void aClassMissingFromTheTrainingRowsGetsProbabilityZero(String type) {
    Dataset blobs = Blobs.generate(3, 3, 60, 0.1, 24);
    int[] withoutClass1 =
        java.util.stream.IntStream.range(0, blobs.size())
            .filter(n -> blobs.label(n) != 1)
            .toArray();
    Model model = learner(type).train(blobs.subset("no class 1", withoutClass1), 4);
    assertEquals(3, model.numClasses());
    float[][] p = model.predictProba(Blobs.uniformPoints(200, 3, 12));
    assertProbabilities(p, 3);
    for (float[] row : p) assertEquals(0f, row[1]);
  }

  @Test
  void rowsOfOneClassAreRejected() {
    Dataset blobs = Blobs.generate(2, 3, 20, 0.1, 25);
    int[] class0 =
        java.util.stream.IntStream.range(0, blobs.size())
            .filter(n -> blobs.label(n) == 0)
            .toArray();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> learner("cart").train(blobs.subset("one class", class0), 1));
    assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
  }

  @Test
  void wrongRowWidthIsAClearError() {
    Model model = learner("cart").train(Blobs.generate(2, 3, 20, 0.1, 26), 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> model.predictProba(new float[][] {{0.5f}}));
    assertTrue(e.getMessage().contains("row 0 has 1 features"), e.getMessage());
  }

  @Test
  void providerKnowsAllSmileTypes() {
    assertTrue(
        Learners.knownTypes()
            .containsAll(
                List.of("cart", "random-forest", "naive-bayes", "logistic-regression", "svm")));
  }

  @Test
  void everyTypeHasDefaultsAndOptionsOverrideThem() {
    assertEquals(
        ROOT.getInt("coopdistill.learners.random-forest.trees"),
        assertInstanceOf(RandomForestLearner.class, configured(learner("random-forest")))
            .options()
            .trees());
    assertEquals(
        ROOT.getDouble("coopdistill.learners.naive-bayes.variance-smoothing"),
        assertInstanceOf(NaiveBayesLearner.class, configured(learner("naive-bayes")))
            .options()
            .varianceSmoothing());
    assertEquals(
        ROOT.getDouble("coopdistill.learners.logistic-regression.lambda"),
        assertInstanceOf(
                LogisticRegressionLearner.class, configured(learner("logistic-regression")))
            .options()
            .lambda());
    SvmLearner svm = assertInstanceOf(SvmLearner.class, configured(learner("svm")));
    assertTrue(svm.options().sigma().isEmpty(), "default sigma is 'scale'");
    SvmLearner narrow =
        assertInstanceOf(
            SvmLearner.class,
            configured(
                Learners.create(ConfigFactory.parseString("type = svm, sigma = 0.25"), ROOT)));
    assertEquals(0.25, narrow.options().sigma().getAsDouble());
  }

  @Test
  void defaultsComeFromTheConfFile() {
    CartLearner cart = assertInstanceOf(CartLearner.class, configured(learner("cart")));
    assertEquals(ROOT.getInt("coopdistill.learners.cart.node-size"), cart.options().nodeSize());
    CartLearner overridden =
        assertInstanceOf(
            CartLearner.class,
            configured(
                Learners.create(
                    ConfigFactory.parseString("type = cart, node-size = 20, split-rule = entropy"),
                    ROOT)));
    assertEquals(20, overridden.options().nodeSize());
    assertEquals(smile.base.cart.SplitRule.ENTROPY, overridden.options().splitRule());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "type = cart, max-depth = 0 | cart option 'max-depth' must be at least 1, got 0",
        "type = cart, node-size = many | cart option 'node-size'",
        "type = cart, split-rule = purity | cart option 'split-rule' must be one of [gini, entropy, classification-error]",
        "type = random-forest, subsample = 0 | random-forest option 'subsample' must be in (0, 1], got 0.0",
        "type = random-forest, trees = 0 | random-forest option 'trees' must be at least 1, got 0",
        "type = naive-bayes, variance-smoothing = -1 | naive-bayes option 'variance-smoothing' must be positive, got -1.0",
        "type = logistic-regression, max-iterations = 0 | logistic-regression option 'max-iterations' must be at least 1",
        "type = svm, sigma = wide | svm option 'sigma'",
        "type = svm, sigma = -2 | svm option 'sigma' must be 'scale' or positive",
        "type = svm, c = 0 | svm option 'c' must be positive, got 0.0",
        "type = perceptron | unknown learner type 'perceptron'",
      })
  void badOptionsAreClearErrors(String specAndMessage) {
    String[] parts = specAndMessage.split(" \\| ");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Learners.create(ConfigFactory.parseString(parts[0]), ROOT));
    assertTrue(e.getMessage().startsWith(parts[1]), e.getMessage());
  }

  @Test
  void corruptSnapshotsAreRejectedWithTheReason() {
    byte[] bytes = learner("cart").train(Blobs.generate(2, 3, 20, 0.1, 27), 1).snapshot().bytes();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new ModelSnapshot("smile", truncated).restore());
    assertTrue(e.getMessage().contains("not a readable Smile model"), e.getMessage());
    IllegalArgumentException garbage =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ModelSnapshot("smile", new byte[] {1, 2, 3}).restore());
    assertTrue(garbage.getMessage().contains("cannot be restored"), garbage.getMessage());
  }

  @Test
  void snapshotsOfForeignClassesAreRefused() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      // Typesafe Config's values are serialisable, but not a class a Smile snapshot may hold.
      out.writeObject(ConfigFactory.parseString("a = 1"));
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ModelSnapshot("smile", bytes.toByteArray()).restore());
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
  }

  static void assertProbabilities(float[][] p, int classes) {
    for (float[] row : p) {
      assertEquals(classes, row.length);
      double sum = 0;
      for (float q : row) {
        assertTrue(q >= 0 && q <= 1, "probability " + q);
        sum += q;
      }
      assertEquals(1, sum, 1e-5, "row sums to 1: " + Arrays.toString(row));
    }
  }
}
