package io.coopdistill.learners.distill.curriculum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A retrained student selects its model on its own rows only, the same ones as its baseline. */
class StudentValidationTest {
  private static final List<String> CLASSES = List.of("a", "b", "c");

  private static Dataset own() {
    float[][] x = new float[60][];
    int[] y = new int[60];
    for (int n = 0; n < 60; n++) {
      x[n] = new float[] {n / 60f, (n % 7) / 7f};
      y[n] = n % 3;
    }
    return new Dataset("own", FeatureSchema.unitBox(2), CLASSES, x, y);
  }

  private static Lesson lesson(int teacher, int rows) {
    float[][] x = new float[rows][];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      x[n] = new float[] {0.5f + n / (4f * rows), teacher / 4f};
      y[n] = (n + teacher) % 3;
    }
    return new Lesson(0, teacher, 0, x, y, rows, 0, 0);
  }

  @Test
  void theValidationSplitOfARetrainedStudentHoldsNoVirtualRowAndTheBaselinesRows() {
    Dataset own = own();
    StudentCurriculum curriculum =
        StudentCurriculum.of(
            own, List.of(lesson(1, 30), lesson(2, 45)), 3, StudentCurriculum.Budget.ALL);
    Dataset retraining = curriculum.trainingSet(own);
    assertEquals(135, retraining.size());
    Dataset.IndexSplit baseline = own.validationSplit(0.2, 11);
    Dataset.IndexSplit student = retraining.validationSplit(0.2, 11);
    assertArrayEquals(baseline.second(), student.second());
    for (int row : student.second())
      assertFalse(retraining.isTrainingOnly(row), "virtual row " + row + " selects the model");
    // Every virtual row trains.
    assertTrue(
        IntStream.range(own.size(), retraining.size())
            .allMatch(r -> Arrays.stream(student.first()).anyMatch(f -> f == r)));
    assertEquals(retraining.size(), student.first().length + student.second().length);
  }

  @Test
  void laterRoundsAndDerivedSetsKeepTheMarks() {
    Dataset own = own();
    Dataset virtual =
        StudentCurriculum.of(own, List.of(lesson(1, 20)), 3, StudentCurriculum.Budget.ALL)
            .virtual();
    // A later round: own rows, the earlier round's kept instances, then this round's.
    Dataset earlier = own.withTrainingOnly("own+earlier", virtual);
    Dataset retraining =
        StudentCurriculum.of(own, List.of(lesson(2, 10)), 3, StudentCurriculum.Budget.ALL)
            .trainingSet(earlier);
    assertEquals(
        own.size(),
        IntStream.range(0, retraining.size()).filter(r -> !retraining.isTrainingOnly(r)).count());
    assertArrayEquals(
        own.validationSplit(0.25, 3).second(), retraining.validationSplit(0.25, 3).second());
    Dataset shuffled = retraining.shuffled(5);
    assertEquals(30, IntStream.range(0, shuffled.size()).filter(shuffled::isTrainingOnly).count());
    for (int row : shuffled.validationSplit(0.25, 3).second())
      assertFalse(shuffled.isTrainingOnly(row));
    // A plain concatenation of two sites' own rows (pooling) keeps both selectable.
    assertFalse(own.concat("two sites", own).isTrainingOnly(own.size()));
  }

  @Test
  void ownDataSplitsAsBefore() {
    Dataset own = own();
    assertArrayEquals(
        own.stratifiedIndices(0.2, 11).second(), own.validationSplit(0.2, 11).second());
    assertArrayEquals(own.stratifiedIndices(0.2, 11).first(), own.validationSplit(0.2, 11).first());
  }
}
