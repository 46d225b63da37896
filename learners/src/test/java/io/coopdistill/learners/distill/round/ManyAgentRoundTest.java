package io.coopdistill.learners.distill.round;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A round of 50 small sites beyond the many-agent bound: each student measures R(i→j) with c
 * candidates only, is taught by at most m, each teacher at its own site, and studies at most its
 * budget.
 */
class ManyAgentRoundTest {
  private static final int AGENTS = 50;
  private static final int CLASSES = 5;
  private static final int ROWS = 60;
  private static final Config ROOT =
      ConfigFactory.parseString(
              """
      coopdistill.distillation.many-agents { all-pairs-up-to = 16, candidates = 6, teachers = 3, student-budget = 4 }
      """)
          .withFallback(ConfigFactory.load());
  private static final Learner TREE =
      Learners.create(
          ConfigFactory.parseString("type = cart, max-depth = 5, grid-validation-fraction = 0"),
          ROOT);

  /**
   * Gaussian blobs, one per class; site k keeps one row of class k mod 5 (the test set, missing =
   * -1, all).
   */
  private static Dataset blobs(
      String name, int rows, int missing, SplittableRandom random, double[][] centres) {
    List<float[]> x = new ArrayList<>();
    List<Integer> y = new ArrayList<>();
    for (int n = 0; n < rows; n++) {
      int label = n % CLASSES;
      if (label == missing && n >= CLASSES) continue;
      float[] row = new float[centres[label].length];
      for (int c = 0; c < row.length; c++)
        row[c] = (float) Math.min(1, Math.max(0, centres[label][c] + 0.08 * random.nextGaussian()));
      x.add(row);
      y.add(label);
    }
    return new Dataset(
        name,
        FeatureSchema.unitBox(4),
        IntStream.range(0, CLASSES).mapToObj(c -> "c" + c).toList(),
        x.toArray(float[][]::new),
        y.stream().mapToInt(Integer::intValue).toArray());
  }

  @Test
  void searchesGrowWithKTimesMAndEveryStudentKeepsWithinItsBudget() {
    SplittableRandom random = new SplittableRandom(1);
    double[][] centres = new double[CLASSES][4];
    for (double[] centre : centres)
      for (int c = 0; c < 4; c++) centre[c] = 0.2 + 0.6 * random.nextDouble();
    List<Site> sites = new ArrayList<>();
    for (int k = 0; k < AGENTS; k++)
      sites.add(
          new Site("agent-" + k, TREE, blobs("agent-" + k, ROWS, k % CLASSES, random, centres)));
    Dataset test = blobs("test", 500, -1, random, centres);
    DistillationMethod method = DistillationMethod.fromConfig(ROOT);
    DistillationResult r =
        new CooperativeDistillation(method).run(sites, test, 4, RoundPhase.Listener.NONE).result();

    TeachingPlan plan = TeachingPlan.of(AGENTS, method.options().manyAgents(), 4);
    int taughtPairs = 0;
    for (int j = 0; j < AGENTS; j++) {
      int measured = 0;
      int teachers = 0;
      int kept = 0;
      for (int i = 0; i < AGENTS; i++) {
        if (r.counts().of(Count.DEFICIENT).get(i, j) > 0) {
          measured++;
          final int teacher = i;
          assertTrue(
              IntStream.of(plan.candidatesOf(j)).anyMatch(c -> c == teacher),
              i + " measured R(" + i + "→" + j + ") without being a candidate");
        }
        if (r.counts().of(Count.SEARCHED).get(i, j) > 0) teachers++;
        // A teacher searches only its own site's rows, each once for all its students.
        assertTrue(r.counts().of(Count.SEARCHED).get(i, j) <= sites.get(i).data().size());
        kept += r.counts().of(Count.KEPT).get(i, j);
      }
      assertTrue(measured <= 6, measured + " pairs measured for student " + j);
      assertTrue(teachers <= 3, teachers + " teachers taught student " + j);
      assertTrue(kept <= 4, "student " + j + " kept " + kept + " over its budget");
      taughtPairs += teachers;
    }
    assertTrue(taughtPairs > AGENTS, "most students were taught: " + taughtPairs + " pairs");
    int overBudget = 0;
    for (int j = 0; j < AGENTS; j++) {
      final int student = j;
      if (IntStream.range(0, AGENTS).map(i -> r.counts().of(Count.GENERATED).get(i, student)).sum()
          > 4) overBudget++;
    }
    assertTrue(
        overBudget > 0, "no student received more than its budget: the test does not exercise it");
  }
}
