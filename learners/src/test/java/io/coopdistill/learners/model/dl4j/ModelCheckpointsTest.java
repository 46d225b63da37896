package io.coopdistill.learners.model.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.ModelCheckpoints;
import io.coopdistill.learners.model.TrainingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;

/** Model checkpoints with a real network, whose restored snapshot must predict exactly as the trained one. */
class ModelCheckpointsTest {
  private static final CnnLearner CNN = new CnnLearner(new CnnLearner.Options(List.of(3), 3, 8, Activation.TANH,
      new TrainingOptions(0.01, 16, 5, 5, 0.2)));
  private static final Dataset DATA = SyntheticData.bars(120, 8, 4, 3);

  /** Counts the trainings that reach the real learner. */
  private static final class Counting implements Learner {
    final AtomicInteger trainings = new AtomicInteger();

    @Override
    public String name() { return CNN.name(); }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      trainings.incrementAndGet();
      return CNN.train(data, seed, progress);
    }

    @Override
    public String toString() { return CNN.toString(); }
  }

  @Test
  void aModelTrainedOnTheSameDataWithTheSameSeedIsRestoredAndPredictsTheSame(@TempDir Path dir) {
    Counting counting = new Counting();
    Model trained = ModelCheckpoints.in(dir).of("site A", counting).train(DATA, 7);
    Model restored = ModelCheckpoints.in(dir).of("site A", counting).train(DATA, 7);

    assertEquals(1, counting.trainings.get());
    float[][] expected = trained.predictProba(DATA.features());
    float[][] actual = restored.predictProba(DATA.features());
    for (int n = 0; n < expected.length; n++) assertArrayEquals(expected[n], actual[n], "row " + n);
  }

  @Test
  void otherDataAnotherSeedOrAnotherSiteTrainAgain(@TempDir Path dir) throws IOException {
    Counting counting = new Counting();
    ModelCheckpoints checkpoints = ModelCheckpoints.in(dir);
    checkpoints.of("a", counting).train(DATA, 7);
    checkpoints.of("a", counting).train(DATA.concat("augmented", DATA.subset("one", new int[] {0})), 7);
    checkpoints.of("a", counting).train(DATA, 8);
    checkpoints.of("b", counting).train(DATA, 7);

    assertEquals(4, counting.trainings.get());
    assertEquals(4, modelFiles(dir).size());
  }

  @Test
  void anUnreadableCheckpointIsTrainedAgainAndReplaced(@TempDir Path dir) throws IOException {
    Counting counting = new Counting();
    Learner learner = ModelCheckpoints.in(dir).of("a", counting);
    learner.train(DATA, 7);
    Path file = modelFiles(dir).get(0);
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));

    learner.train(DATA, 7);
    learner.train(DATA, 7);

    assertEquals(2, counting.trainings.get());
    assertEquals(whole.length, Files.size(file));
  }

  @Test
  void withoutCheckpointsTheLearnerIsUnchanged() {
    assertSame(CNN, ModelCheckpoints.NONE.of("a", CNN));
  }

  private static List<Path> modelFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".model")).sorted().toList();
    }
  }
}
