package io.coopdistill.simulation.methods;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.dl4j.MlpLearner;
import io.coopdistill.learners.model.dl4j.TrainingOptions;
import io.coopdistill.simulation.scenario.Trial;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.activations.Activation;

/** Small seeded trials: semi-expert learners on Gaussian blobs in the unit box. */
public final class TestTrials {
  private TestTrials() {}

  static final int CLASSES = 3;
  static final int WIDTH = 4;

  public static MlpLearner mlp(int hiddenUnits) {
    return new MlpLearner(
        new MlpLearner.Options(
            List.of(hiddenUnits), Activation.RELU, new TrainingOptions(0.01, 16, 30, 5, 0.2)));
  }

  /** A learner of a Smile type, with that type's defaults from conf/. */
  static Learner smile(String type) {
    return Learners.create(ConfigFactory.parseString("type = " + type), ConfigFactory.load());
  }

  /**
   * Learner i trains on 90 blob rows where class i (mod 3) keeps only a tenth of its rows, so each
   * is weak where a peer is strong; the test set is balanced.
   */
  static Trial semiExperts(long seed, Learner... learners) {
    List<Site> participants = new ArrayList<>();
    for (int i = 0; i < learners.length; i++) {
      Dataset site = blobs("site" + i, 90, seed * 31 + i);
      int weak = i % CLASSES;
      int[] kept =
          IntStream.range(0, site.size())
              .filter(n -> site.label(n) != weak || n % 10 == 0)
              .toArray();
      participants.add(new Site("learner" + i, learners[i], site.subset("site" + i, kept)));
    }
    return new Trial("test", seed, participants, blobs("test", 150, seed * 31 + 99));
  }

  /**
   * Three blobs with centres 0.6 apart along at least one axis, and enough noise to overlap a
   * little.
   */
  public static Dataset blobs(String name, int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[rows][WIDTH];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      y[n] = n % CLASSES;
      for (int d = 0; d < WIDTH; d++) {
        double centre = ((y[n] >> d) & 1) == 1 ? 0.8 : 0.2;
        double gaussian =
            Math.sqrt(-2 * Math.log(1 - random.nextDouble()))
                * Math.cos(2 * Math.PI * random.nextDouble());
        x[n][d] = (float) Math.min(1, Math.max(0, centre + 0.2 * gaussian));
      }
    }
    return new Dataset(name, FeatureSchema.unitBox(WIDTH), List.of("c0", "c1", "c2"), x, y);
  }

  /**
   * The method applies to the trial, every learner beats chance (> 0.5), and a second run is
   * identical.
   */
  static MethodOutcome assertRunsDeterministically(Method method, Trial trial) {
    assertEquals(Optional.empty(), method.notApplicable(trial));
    TrialRun run = run(trial);
    MethodOutcome first = method.run(run, RoundPhase.Listener.NONE);
    assertValidAccuracies(first, trial.sites().size());
    for (double a : first.accuracy()) assertTrue(a > 0.5, "accuracy " + a);
    assertArrayEquals(first.accuracy(), method.run(run, RoundPhase.Listener.NONE).accuracy());
    return first;
  }

  /** The trial as a method alone sees it, with the default configuration. */
  static TrialRun run(Trial trial) {
    return TrialRun.of(trial, ConfigFactory.load(), List.of());
  }

  static void assertValidAccuracies(MethodOutcome outcome, int learners) {
    assertEquals(learners, outcome.accuracy().length);
    for (double a : outcome.accuracy()) {
      assertTrue(a >= 0 && a <= 1, "accuracy " + a);
    }
  }
}
