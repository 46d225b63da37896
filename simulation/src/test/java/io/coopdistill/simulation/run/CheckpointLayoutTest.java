package io.coopdistill.simulation.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.coopdistill.learners.distill.round.DistillationResult;
import io.coopdistill.learners.distill.round.PairCounts;
import io.coopdistill.learners.distill.round.PairCounts.Count;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A checkpoint's per-pair counts: written as their non-zero pairs, and read back from the k×k
 * matrices of checkpoints written before (a run resumed across commits).
 */
class CheckpointLayoutTest {
  private static final int[][] SEARCHED = {{0, 10, 3}, {8, 0, 0}, {5, 6, 0}};
  private static final int[][] KEPT = {{0, 4, 1}, {3, 0, 0}, {2, 5, 0}};

  private static UnitResult denseCheckpoint() throws URISyntaxException {
    Path file =
        Path.of(
            CheckpointLayoutTest.class
                .getResource("/checkpoints/dense-layout-seed-3.json")
                .toURI());
    return UnitResult.fromJson(Json.read(file), "start");
  }

  @Test
  void aCheckpointInTheDenseLayoutIsReadBackEqual() throws URISyntaxException {
    DistillationResult read = denseCheckpoint().distillation();
    Map<Count, int[][]> dense = new EnumMap<>(Count.class);
    dense.put(Count.DEFICIENT, new int[][] {{0, 12, 3}, {8, 0, 0}, {5, 9, 0}});
    dense.put(Count.SEARCHED, SEARCHED);
    dense.put(Count.FAILED, new int[][] {{0, 1, 0}, {2, 0, 0}, {0, 0, 0}});
    dense.put(Count.UNCHANGED, new int[][] {{0, 0, 1}, {0, 0, 0}, {0, 1, 0}});
    dense.put(Count.GENERATED, new int[][] {{0, 9, 2}, {6, 0, 0}, {5, 5, 0}});
    dense.put(Count.KEPT, KEPT);
    for (var e : dense.entrySet())
      assertArrayEquals(e.getValue(), read.counts().of(e.getKey()).dense(), e.getKey().key());
    assertEquals(PairCounts.ofDense(dense, 3), read.counts());
    assertEquals(5, read.counts().pairs(), "the off-diagonal pairs that occur: " + read.counts());
    assertEquals(2, read.budgetDropped().get(0, 1));
    assertEquals(1 - 3.0 / 32, read.successRatio(), 1e-12, "3 of 32 searches failed");
    assertArrayEquals(new double[] {0.71, 0.74, 0.69}, read.distilledAccuracy());
    assertNull(read.privacy());
  }

  @Test
  void aResumedRunWritesItsDenseCheckpointAsPairsThatReadBackTheSame() throws URISyntaxException {
    UnitResult old = denseCheckpoint();
    JsonNode written = old.toJson();
    JsonNode d = written.get("distillation");
    assertEquals(Results.PAIRS_LAYOUT, d.get("layout").asText());
    assertEquals(
        "[[0,1,10],[0,2,3],[1,0,8],[2,0,5],[2,1,6]]",
        d.get("searched").toString(),
        "[teacher, student, count], by teacher then student, no zero");
    assertEquals("[[0,1,1],[1,0,2]]", d.get("failed").toString());
    UnitResult again = UnitResult.fromJson(written, "start");
    assertTrue(again.distillation().sameOutcome(old.distillation()));
    assertEquals(old.distillation().counts(), again.distillation().counts());
    assertEquals(written, again.toJson(), "written the same again");
  }
}
