package io.coopdistill.learners.distill.round;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.HeartDisease;
import io.coopdistill.learners.data.SiteData;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Learners;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelSnapshot;
import io.coopdistill.learners.model.TrainingProgress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A round whose lessons ruin every student: under {@code accept = if-better} each refuses, keeps
 * its baseline and says so; under {@code always} (the paper) each takes the ruined model.
 */
class HarmfulLessonTest {
  private static final Config ROOT = ConfigFactory.load();
  private static final SiteData SITES = HeartDisease.load(ROOT);
  private static final Learner TREE =
      Learners.create(
          ConfigFactory.parseString("type = cart, max-depth = 4, grid-validation-fraction = 0"),
          ROOT);

  /**
   * Trains a tree on a site's own rows, but answers its rarest class for everything once it has
   * studied virtual instances.
   */
  private record RuinedByLessons(Learner tree) implements Learner {
    @Override
    public String name() {
      return "ruined-by-lessons";
    }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      boolean studied =
          java.util.stream.IntStream.range(0, data.size()).anyMatch(data::isTrainingOnly);
      if (!studied) return tree.train(data, seed, progress);
      int[] counts = data.classCounts();
      int rarest = 0;
      for (int c = 0; c < counts.length; c++)
        if (counts[c] > 0 && (counts[rarest] == 0 || counts[c] < counts[rarest])) rarest = c;
      return new Constant(data.numFeatures(), counts.length, rarest);
    }
  }

  private record Constant(int numFeatures, int numClasses, int answer) implements Model {
    @Override
    public float[][] predictProba(float[][] x) {
      float[][] p = new float[x.length][numClasses];
      for (float[] row : p) row[answer] = 1;
      return p;
    }

    @Override
    public ModelSnapshot snapshot() {
      throw new UnsupportedOperationException();
    }
  }

  private static List<Site> sites(long seed) {
    List<Site> sites = new ArrayList<>();
    for (Dataset site : SITES.training()) {
      Dataset.Split split = site.stratifiedSplit(0.2, seed);
      sites.add(
          new Site(site.name(), new RuinedByLessons(TREE), split.first(), null, split.second()));
    }
    return sites;
  }

  private static DistillationResult round(Acceptance accept) {
    DistillationMethod method = DistillationMethod.fromConfig(ROOT);
    return new CooperativeDistillation(method.with(method.options().withAccept(accept)))
        .run(sites(3), SITES.test(), 3, RoundPhase.Listener.NONE)
        .result();
  }

  @Test
  void everyStudentRefusesALessonThatRuinsIt() {
    DistillationResult judged = round(Acceptance.IF_BETTER);
    DistillationResult paper = round(Acceptance.ALWAYS);
    assertTrue(paper.counts().of(Count.GENERATED).total() > 0, "lessons were sent");
    assertArrayEquals(
        paper.baselineAccuracy(),
        judged.baselineAccuracy(),
        "a held-out split leaves the baseline as it was");
    assertNull(paper.accepted(), "always judges nothing");
    assertArrayEquals(new boolean[] {false, false, false}, judged.accepted());
    assertArrayEquals(
        judged.baselineAccuracy(), judged.distilledAccuracy(), "each kept its baseline model");
    assertTrue(
        Arrays.stream(paper.distilledAccuracy()).sum()
            < Arrays.stream(paper.baselineAccuracy()).sum(),
        "always takes the ruined models: " + paper);
  }
}
