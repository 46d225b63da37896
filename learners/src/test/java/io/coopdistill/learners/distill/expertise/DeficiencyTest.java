package io.coopdistill.learners.distill.expertise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.coopdistill.learners.data.Dataset;
import io.coopdistill.learners.data.FeatureSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeficiencyTest {
  // Six rows whose single feature is the row id; labels 0,1,2,0,1,2.
  private final Dataset site =
      new Dataset(
          "site",
          new FeatureSchema(List.of("id"), new float[] {0}, new float[] {5}, List.of(), null),
          List.of("a", "b", "c"),
          new float[][] {{0}, {1}, {2}, {3}, {4}, {5}},
          new int[] {0, 1, 2, 0, 1, 2});

  // Learner 0 gets rows 0,1,2,3 right; learner 1 rows 2,3,4,5; learner 2 only row 0.
  private final List<Expertise> expertise =
      List.of(
          Expertise.identify(new FixedAnswersModel(3, 0, 1, 2, 0, 0, 0), site),
          Expertise.identify(new FixedAnswersModel(3, 1, 0, 2, 0, 1, 2), site),
          Expertise.identify(new FixedAnswersModel(3, 0, 0, 0, 1, 2, 0), site));

  @Test
  void expertiseIsTheSetOfCorrectlyPredictedRows() {
    assertEquals("{0, 1, 2, 3}", expertise.get(0).correct().toString());
    assertEquals("{2, 3, 4, 5}", expertise.get(1).correct().toString());
    assertEquals(4.0 / 6, expertise.get(0).accuracy(), 1e-12);
    assertEquals(0.7f, expertise.get(0).probabilities()[1][1]);
  }

  @Test
  void deficiencyIsTeacherCorrectMinusStudentCorrectForEveryOrderedPair() {
    List<Deficiency> r = Deficiency.identify(expertise);
    assertEquals(6, r.size());
    assertArrayEquals(new int[] {0, 1}, rowsOf(r, 0, 1));
    assertArrayEquals(new int[] {1, 2, 3}, rowsOf(r, 0, 2));
    assertArrayEquals(new int[] {4, 5}, rowsOf(r, 1, 0));
    assertArrayEquals(new int[] {2, 3, 4, 5}, rowsOf(r, 1, 2));
    assertArrayEquals(new int[] {}, rowsOf(r, 2, 0));
    assertArrayEquals(new int[] {0}, rowsOf(r, 2, 1));
  }

  @Test
  void reportCountsRowsPerClassAndCarriesNoRows() {
    Deficiency r02 =
        Deficiency.identify(expertise).stream()
            .filter(d -> d.teacher() == 0 && d.student() == 2)
            .findFirst()
            .orElseThrow();
    DeficiencyReport report = r02.report("site", site);
    assertArrayEquals(new int[] {1, 1, 1}, report.countsPerClass());
    assertEquals(3, report.total());
  }

  @Test
  void budgetDrawsASeededSubsetInAscendingOrder() {
    Deficiency big = new Deficiency(0, 1, new int[] {1, 4, 7, 9, 12, 15, 20, 21});
    Deficiency a = big.limitedTo(3, 42);
    assertEquals(3, a.rows().length);
    assertArrayEquals(a.rows(), big.limitedTo(3, 42).rows());
    for (int k = 1; k < a.rows().length; k++) assertEquals(true, a.rows()[k - 1] < a.rows()[k]);
    assertEquals(big, big.limitedTo(0, 42));
    assertEquals(8, big.limitedTo(100, 42).rows().length);
    assertThrows(IllegalArgumentException.class, () -> big.limitedTo(-1, 42));
  }

  private static int[] rowsOf(List<Deficiency> r, int teacher, int student) {
    return r.stream()
        .filter(d -> d.teacher() == teacher && d.student() == student)
        .findFirst()
        .orElseThrow()
        .rows();
  }
}
