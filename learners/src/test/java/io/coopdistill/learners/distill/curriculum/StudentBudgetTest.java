package io.coopdistill.learners.distill.curriculum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A student studies at most its budget of the instances it received, drawn with its seed, whatever
 * the lessons' order.
 */
class StudentBudgetTest {
  private static final Dataset OWN =
      new Dataset(
          "own",
          FeatureSchema.unitBox(2),
          List.of("a", "b"),
          new float[][] {{0, 0}, {1, 1}},
          new int[] {0, 1});

  private static Lesson lesson(int site, int teacher, int rows) {
    float[][] x = new float[rows][];
    int[] y = new int[rows];
    for (int n = 0; n < rows; n++) {
      x[n] = new float[] {site / 10f + n / 1000f, teacher / 10f};
      y[n] = n % 2;
    }
    return new Lesson(site, teacher, 0, x, y, rows, 0, 0);
  }

  private static final List<Lesson> RECEIVED =
      List.of(lesson(2, 1, 40), lesson(1, 3, 25), lesson(1, 2, 35));

  @Test
  void aBudgetDrawsThatManyInstancesWithTheStudentsSeed() {
    StudentCurriculum drawn =
        StudentCurriculum.of(OWN, RECEIVED, 4, new StudentCurriculum.Budget(30, 9));
    assertEquals(30, drawn.virtual().size());
    assertEquals(30, Arrays.stream(drawn.keptByTeacher()).sum());
    StudentCurriculum again =
        StudentCurriculum.of(
            OWN,
            List.of(RECEIVED.get(2), RECEIVED.get(0), RECEIVED.get(1)),
            4,
            new StudentCurriculum.Budget(30, 9));
    assertArrayEquals(
        drawn.virtual().features(),
        again.virtual().features(),
        "the draw does not depend on arrival order");
    StudentCurriculum other =
        StudentCurriculum.of(OWN, RECEIVED, 4, new StudentCurriculum.Budget(30, 10));
    assertNotEquals(
        Arrays.deepToString(drawn.virtual().features()),
        Arrays.deepToString(other.virtual().features()));
  }

  @Test
  void noBudgetOrAnAmpleOneStudiesEverything() {
    assertEquals(
        100,
        StudentCurriculum.of(OWN, RECEIVED, 4, new StudentCurriculum.Budget(0, 9))
            .virtual()
            .size());
    assertArrayEquals(
        StudentCurriculum.of(OWN, RECEIVED, 4, StudentCurriculum.Budget.ALL).virtual().features(),
        StudentCurriculum.of(OWN, RECEIVED, 4, new StudentCurriculum.Budget(100, 9))
            .virtual()
            .features());
  }
}
