package io.coopdistill.examples.knn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.round.CooperativeDistillation;
import io.coopdistill.learners.distill.round.DistillationMethod;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.distill.round.RoundPhase;
import io.coopdistill.learners.distill.round.Site;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The example learner plugs in through the services alone, and teaches and learns in a cooperative
 * round.
 */
class KnnLearnerTest {
  private static final Config ROOT = ConfigFactory.load();
  private static final List<String> CLASSES = List.of("a", "b", "c");
  private static final double[][] CENTRES = {{0.2, 0.2}, {0.8, 0.2}, {0.5, 0.8}};

  /**
   * Rows around the three centres; {@code scarce} keeps only {@code scarceRows} of its class (-1:
   * none scarce).
   */
  private static Dataset blobs(String name, int rows, int scarce, int scarceRows, long seed) {
    Random random = new Random(seed);
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    int kept = 0;
    for (int n = 0; n < rows; n++) {
      int c = n % 3;
      if (c == scarce && kept++ >= scarceRows) continue;
      x.add(
          new float[] {
            (float) (CENTRES[c][0] + 0.08 * random.nextGaussian()),
            (float) (CENTRES[c][1] + 0.08 * random.nextGaussian())
          });
      y.add(c);
    }
    return new Dataset(
        name,
        FeatureSchema.unitBox(2),
        CLASSES,
        x.toArray(float[][]::new),
        y.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void theServicesMakeItFromConfigurationAndRestoreItsSnapshots() {
    Learner learner = Learners.create(ConfigFactory.parseString("type = knn"), ROOT);
    assertInstanceOf(KnnLearner.class, learner);
    assertEquals(5, learner.minimumRows(), "k from the jar's reference.conf; a site needs k rows");
    assertEquals(
        3,
        ((KnnLearner) Learners.create(ConfigFactory.parseString("type = knn, k = 3"), ROOT)).k());

    Dataset data = blobs("site", 60, -1, 0, 1);
    Model model = learner.train(data, 0);
    Model restored = model.snapshot().restore();
    Dataset probe = blobs("probe", 30, -1, 0, 2);
    float[][] p = model.predictProba(probe.features());
    for (int n = 0; n < p.length; n++)
      assertArrayEquals(p[n], restored.predictProba(probe.features())[n], "row " + n);
    assertEquals(1f, p[0][0] + p[0][1] + p[0][2], 1e-6);
  }

  @Test
  void semiExpertsTeachEachOtherTheClassEachLacks() {
    Learner knn = new KnnLearner(5);
    List<Site> sites = new ArrayList<>();
    for (int i = 0; i < 3; i++)
      sites.add(new Site("site-" + i, knn, blobs("site-" + i, 90, i, 2, 10 + i)));
    Dataset test = blobs("test", 300, -1, 0, 99);
    DistillationResult result =
        new CooperativeDistillation(DistillationMethod.fromConfig(ROOT))
            .run(sites, test, 0, RoundPhase.Listener.NONE)
            .result();
    System.out.println("knn round: " + result);
    // A k-NN vote is often unanimous (probability 1), and then the quintessential counterfactual is
    // the row itself, which is never sent: only rows near a class boundary teach. Even so, a few
    // virtual instances of its scarce class lift a student that has 2 rows of it.
    assertTrue(
        result.counts().of(Count.GENERATED).total() > 0,
        "derivative-free search found counterfactuals");
    int lifted = 0;
    for (int i = 0; i < 3; i++) {
      assertTrue(
          result.distilledAccuracy()[i] >= result.baselineAccuracy()[i],
          "site "
              + i
              + " got worse: "
              + result.baselineAccuracy()[i]
              + " -> "
              + result.distilledAccuracy()[i]);
      if (result.distilledAccuracy()[i] > result.baselineAccuracy()[i] + 0.2) lifted++;
    }
    assertTrue(
        lifted >= 2,
        "at least two sites learn their scarce class from their peers' counterfactuals: " + result);
  }
}
