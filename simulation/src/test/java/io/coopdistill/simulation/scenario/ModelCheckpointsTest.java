package io.coopdistill.simulation.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.model.Learner;
import io.coopdistill.learners.model.Model;
import io.coopdistill.learners.model.TrainingProgress;
import io.coopdistill.simulation.methods.TestTrials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model checkpoints with a real network, whose restored snapshot must predict exactly as the
 * trained one.
 */
class ModelCheckpointsTest {
  private static final Learner NETWORK = TestTrials.mlp(8);
  private static final Dataset DATA = TestTrials.blobs("blobs", 120, 3);

  /** Counts the trainings that reach the real learner. */
  private static final class Counting implements Learner {
    final AtomicInteger trainings = new AtomicInteger();

    @Override
    public String name() {
      return NETWORK.name();
    }

    @Override
    public Model train(Dataset data, long seed, TrainingProgress progress) {
      trainings.incrementAndGet();
      return NETWORK.train(data, seed, progress);
    }

    @Override
    public String toString() {
      return NETWORK.toString();
    }
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
    checkpoints
        .of("a", counting)
        .train(DATA.concat("augmented", DATA.subset("one", new int[] {0})), 7);
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
    assertSame(NETWORK, ModelCheckpoints.NONE.of("a", NETWORK));
  }

  private static List<Path> modelFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".model")).sorted().toList();
    }
  }
}
